using NewsMonitor.Functions;

// The custom handler the Functions host starts: it listens where the host says (FUNCTIONS_CUSTOMHANDLER_PORT) on the
// loopback interface, answers GET / for readiness, and handles one POST per invocation.
var builder = WebApplication.CreateSlimBuilder(args);
var port = Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") ?? Environment.GetEnvironmentVariable("FUNCTIONS_HTTPWORKER_PORT");
if (port is not null) builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
// The app root holds host.json and config/; the handler itself sits in handler/ below it.
var appRoot = Environment.GetEnvironmentVariable("FUNCTIONS_APP_ROOT_PATH")
              ?? (File.Exists(Path.Combine(AppContext.BaseDirectory, "..", "host.json")) ? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..")) : AppContext.BaseDirectory);
var options = builder.Configuration.GetSection("NewsMonitor").Get<FunctionsAppOptions>() ?? new FunctionsAppOptions();
builder.Services.AddNewsMonitorStages(options, appRoot);
var problems = new ConfigurationProblems();
builder.Services.AddSingleton(problems);
builder.Services.AddNewsMonitorAzure(builder.Configuration, problems);
builder.Services.AddNewsMonitorTelemetry(builder.Configuration);

var app = builder.Build();
foreach (var (area, problem) in problems.All)
    app.Logger.LogError("Configuration problem ({Area}): {Problem}. Invocations that need it will fail until it is fixed.", area, problem);
app.MapNewsMonitorFunctions();
app.Run();
