using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace NewsMonitor.Azure.Tests;

/// <summary>One request as the service double received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string? QueryValue(string name) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var v) ? v.ToString() : null;
}

/// <summary>
/// A local HTTPS service on 127.0.0.1 and a free port (Kestrel, with a self-signed certificate made for the run, because
/// Azure.Core sends bearer tokens over TLS only). It records every request, then answers with <c>handler</c>, which plays
/// the Azure service as its REST reference documents it. <see cref="Transport"/> trusts this certificate and no other.
/// </summary>
public sealed class LocalService : IAsyncDisposable
{
    /// <summary>One certificate per test run: making an RSA key costs more than starting Kestrel.</summary>
    private static readonly Lazy<X509Certificate2> Certificate = new(SelfSigned);

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LocalService(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    /// <param name="handler">Answers one request; gets it already recorded (the body read as text).</param>
    /// <param name="clock">Stamps <see cref="RecordedRequest.At"/>; the system clock by default.</param>
    public static async Task<LocalService> StartAsync(Func<HttpContext, RecordedRequest, Task> handler, TimeProvider? clock = null)
    {
        var certificate = Certificate.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var service = new LocalService(app, certificate);
        var time = clock ?? TimeProvider.System;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body, time.GetUtcNow());
            service._requests.Enqueue(request);
            await handler(context, request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        service.Endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return service;
    }

    /// <summary>A transport for Azure.Core clients that trusts this service's certificate (and only it).</summary>
    public HttpPipelineTransport Transport() => new HttpClientTransport(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Thumbprint == _certificate.Thumbprint,
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        // Kestrel needs a certificate whose private key it can use; a PKCS#12 round trip gives one on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>
/// A <see cref="TokenCredential"/> at the identity port: hands out <c>token-1</c>, <c>token-2</c>… and records the scopes
/// asked for (a real credential would ask Entra ID, which the tests cannot reach).
/// </summary>
public sealed class TestCredential : TokenCredential
{
    private int _issued;

    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes) Scopes.Enqueue(scope);
        return new AccessToken($"token-{Interlocked.Increment(ref _issued)}", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
