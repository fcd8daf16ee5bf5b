using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Testing;

namespace NewsMonitor.Cli.Tests;

/// <summary>Runs a command with <see cref="AnsiConsole"/> writing to a test console; tests using it join the "Console" collection.</summary>
internal static class ConsoleCapture
{
    public static async Task<(int Exit, string Output)> RunAsync(Command command, params string[] args)
    {
        var console = new TestConsole().Width(200);
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            var root = new RootCommand { command };
            int exit = await root.Parse(args).InvokeAsync();
            return (exit, console.Output);
        }
        finally { AnsiConsole.Console = previous; }
    }
}

/// <summary>Tests that swap <see cref="AnsiConsole.Console"/> for a test console run one at a time.</summary>
[CollectionDefinition("Console")]
public sealed class ConsoleGroup;
