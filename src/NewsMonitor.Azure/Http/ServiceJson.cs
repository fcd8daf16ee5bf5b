using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsMonitor.Azure.Http;

/// <summary>The Azure error body: <c>{"error":{"code","message","innererror":{…}}}</c>.</summary>
internal sealed record ErrorResponse(ServiceError? Error);

/// <summary>An Azure error, used in error bodies, Language's per-document <c>errors[]</c> and ACS's failed operations.</summary>
internal sealed record ServiceError(string? Code, string? Message, string? Target = null, ServiceError? Innererror = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class ServiceJson : JsonSerializerContext;
