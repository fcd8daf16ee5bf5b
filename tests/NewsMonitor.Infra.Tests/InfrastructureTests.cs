using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsMonitor.Azure.Email;
using NewsMonitor.Azure.Language;
using NewsMonitor.Azure.Storage;
using NewsMonitor.Pipeline;
using NewsMonitor.Tests;

namespace NewsMonitor.Infra.Tests;

/// <summary>The deployments that dev.bicepparam and prod.bicepparam describe, evaluated once for all tests.</summary>
public sealed class Deployments
{
    internal Snapshot Dev { get; } = Bicep.Snapshot(Path.Combine(Bicep.Infra, "env", "dev.bicepparam"));

    internal Snapshot Prod { get; } = Bicep.Snapshot(Path.Combine(Bicep.Infra, "env", "prod.bicepparam"));

    internal IEnumerable<Snapshot> Both => [Dev, Prod];
}

/// <summary>
/// The Bicep templates in infra/ compile and lint clean with the real Bicep CLI, and the resources they deploy (bicep
/// snapshot of each environment's parameters) hold the security and wiring rules: identity-only storage, the queues,
/// containers and tables the code uses, every role the app needs on its own resource, Flex settings the code reads.
/// </summary>
public sealed class InfrastructureTests(Deployments deployments) : IClassFixture<Deployments>
{
    private static readonly string FunctionsFolder = Path.Combine(RepoPaths.Root, "src", "NewsMonitor.Functions", "functions");

    public static TheoryData<string> BicepFiles() => new(Directory.GetFiles(Bicep.Infra, "*.bicep", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Bicep.Infra, f)).Order());

    public static TheoryData<string> ParameterFiles() => new(Directory.GetFiles(Path.Combine(Bicep.Infra, "env"), "*.bicepparam").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void BicepFile_BuildsAndLintsWithoutADiagnostic(string file)
    {
        var path = Path.Combine(Bicep.Infra, file);
        var (buildExit, build) = Bicep.Run("build", path, "--stdout");
        Assert.True(buildExit == 0, build);
        var (lintExit, lint) = Bicep.Run("lint", path);
        Assert.True(lintExit == 0, lint);
        // Lint reports the compiler's diagnostics and the linter's; bicepconfig.json raises the rules that matter to
        // errors, and the rest must not warn either.
        Assert.DoesNotMatch(@"\) : (Warning|Error) ", lint);
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void ParameterFile_Builds(string file)
    {
        var (exit, output) = Bicep.Run("build-params", Path.Combine(Bicep.Infra, "env", file), "--stdout");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void BicepConfig_MakesTheRulesThatMatterErrors()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.Infra, "bicepconfig.json")));
        var rules = config.RootElement.GetProperty("analyzers").GetProperty("core").GetProperty("rules");
        foreach (var rule in new[] { "outputs-should-not-contain-secrets", "secure-parameter-default", "no-hardcoded-env-urls", "no-unused-params", "use-secure-value-for-secure-inputs" })
            Assert.Equal("error", rules.GetProperty(rule).GetProperty("level").GetString());
    }

    [Fact]
    public void Storage_AcceptsOnlyIdentitiesOverTls12AndNoPublicBlobs()
    {
        foreach (var deployment in deployments.Both)
        {
            var p = deployment.Single("Microsoft.Storage/storageAccounts").GetProperty("properties");
            Assert.False(p.GetProperty("allowSharedKeyAccess").GetBoolean());
            Assert.Equal("TLS1_2", p.GetProperty("minimumTlsVersion").GetString());
            Assert.True(p.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
            Assert.False(p.GetProperty("allowBlobPublicAccess").GetBoolean());
            Assert.All(deployment.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
                c => Assert.Equal("None", c.GetProperty("properties").GetProperty("publicAccess").GetString()));
        }
    }

    [Fact]
    public void Storage_HoldsEveryQueueContainerAndTableTheAppUses()
    {
        var bindings = FunctionBindings().ToList();
        var queues = bindings.Where(b => b.TryGetProperty("queueName", out _)).Select(b => b.GetProperty("queueName").GetString()!).Distinct().ToList();
        Assert.NotEmpty(queues);
        var expectedQueues = queues.Concat(queues.Select(q => q + "-poison")).Append("webjobs-blobtrigger-poison");
        var containers = bindings.Where(b => b.GetProperty("type").GetString() is "blobTrigger" or "blob")
            .Select(b => b.GetProperty("path").GetString()!.Split('/')[0])
            .Concat([StageGraph.Containers.Raw, StageGraph.Containers.Articles]);
        foreach (var deployment in deployments.Both)
        {
            var created = deployment.Names("Microsoft.Storage/storageAccounts/queueServices/queues").ToHashSet();
            Assert.Equal(expectedQueues.Order(), created.Order()); // every queue the app uses, and none it does not
            var createdContainers = deployment.Names("Microsoft.Storage/storageAccounts/blobServices/containers").ToHashSet();
            Assert.All(containers, c => Assert.Contains(c, createdContainers));
            Assert.Equal(AzureTableStore.TableNames.All.Order(), deployment.Names("Microsoft.Storage/storageAccounts/tableServices/tables").Order());
        }
    }

    [Fact]
    public void RawPages_GoCoolThenAreDeleted()
    {
        var rule = Assert.Single(deployments.Prod.Single("Microsoft.Storage/storageAccounts/managementPolicies")
            .GetProperty("properties").GetProperty("policy").GetProperty("rules").EnumerateArray());
        Assert.Equal(["raw/"], rule.GetProperty("definition").GetProperty("filters").GetProperty("prefixMatch").EnumerateArray().Select(p => p.GetString()));
        var actions = rule.GetProperty("definition").GetProperty("actions").GetProperty("baseBlob");
        Assert.Equal(7, actions.GetProperty("tierToCool").GetProperty("daysAfterModificationGreaterThan").GetInt32());
        Assert.Equal(365, actions.GetProperty("delete").GetProperty("daysAfterModificationGreaterThan").GetInt32());
    }

    [Fact]
    public void FunctionApp_IsFlexConsumptionWithTheCustomRuntimeAndAnIdentityForEverything()
    {
        foreach (var deployment in deployments.Both)
        {
            var plan = deployment.Single("Microsoft.Web/serverfarms");
            Assert.Equal(("FlexConsumption", "FC1"), (plan.GetProperty("sku").GetProperty("tier").GetString(), plan.GetProperty("sku").GetProperty("name").GetString()));
            var app = deployment.Single("Microsoft.Web/sites");
            var identityId = deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities").GetProperty("id").GetString()!;
            Assert.Equal("UserAssigned", app.GetProperty("identity").GetProperty("type").GetString());
            Assert.Equal([identityId], app.GetProperty("identity").GetProperty("userAssignedIdentities").EnumerateObject().Select(p => p.Name));
            var config = app.GetProperty("properties").GetProperty("functionAppConfig");
            Assert.Equal(("custom", "1.0"), (config.GetProperty("runtime").GetProperty("name").GetString(), config.GetProperty("runtime").GetProperty("version").GetString()));
            var storage = config.GetProperty("deployment").GetProperty("storage");
            Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
            Assert.EndsWith("'app-package')]", storage.GetProperty("value").GetString());
            Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
            Assert.Equal(identityId, storage.GetProperty("authentication").GetProperty("userAssignedIdentityResourceId").GetString());
            Assert.True(app.GetProperty("properties").GetProperty("httpsOnly").GetBoolean());

            var settings = deployment.AppSettings;
            Assert.Equal(deployment.Single("Microsoft.Storage/storageAccounts").GetProperty("name").GetString(), settings["AzureWebJobsStorage__accountName"]);
            Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
            Assert.Contains(identityId, settings["AzureWebJobsStorage__clientId"]);
            Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
            // Flex rejects these, and no setting carries a key.
            Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
            Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", settings.Keys);
            Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
            Assert.DoesNotContain(settings.Values, v => v.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase) || v.Contains("listKeys(", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void AppSettings_AreTheOnesTheHandlerReads()
    {
        var storageKeys = new[] { "accountName", "credential", "clientId", "blobServiceUri", "queueServiceUri", "tableServiceUri" };
        var plain = new[] { "AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" };
        foreach (var deployment in deployments.Both)
        {
            var settings = deployment.AppSettings;
            foreach (var name in settings.Keys)
            {
                var parts = name.Split("__");
                if (parts.Length == 1) { Assert.Contains(name, plain); continue; }
                switch (parts[0])
                {
                    case "AzureWebJobsStorage": Assert.Contains(parts[1], storageKeys); break;
                    case AcsEmailOptions.SectionName: Assert.True(HasOption(typeof(AcsEmailOptions), parts[1..]), $"{name}: AcsEmailOptions has no {string.Join('.', parts[1..])}"); break;
                    case "AzureLanguage": Assert.True(HasOption(typeof(AzureLanguageClientOptions), parts[1..]), $"{name}: AzureLanguageClientOptions has no {string.Join('.', parts[1..])}"); break;
                    case "NewsMonitor": Assert.True(HasOption(typeof(NewsMonitor.Functions.FunctionsAppOptions), parts[1..]), $"{name}: FunctionsAppOptions has no {string.Join('.', parts[1..])}"); break;
                    default: Assert.Fail($"{name}: no options section {parts[0]} in the handler"); break;
                }
            }
            Assert.Contains("AcsEmail__Endpoint", settings.Keys);
            Assert.Contains("AcsEmail__SenderAddress", settings.Keys);
            // The link-signing key is a Key Vault reference, never a value in the template.
            Assert.Contains("@Microsoft.KeyVault(VaultName=", settings["NewsMonitor__Tokens__Key"]);
            Assert.DoesNotContain("WEBSITE_TIME_ZONE", settings.Keys); // timers are UTC on Linux; the schedules say so
        }
        Assert.DoesNotContain("AzureLanguage__Endpoint", deployments.Dev.AppSettings.Keys); // enableLanguage = false
        Assert.Contains("AzureLanguage__Endpoint", deployments.Prod.AppSettings.Keys);
    }

    [Fact]
    public void RoleAssignments_GiveTheAppIdentityEachRoleOnItsOwnResourceOnly()
    {
        var prod = deployments.Prod;
        string Id(string type) => prod.Single(type).GetProperty("id").GetString()!;
        var customRole = prod.Single("Microsoft.Authorization/roleDefinitions");
        var customRoleId = customRole.GetProperty("id").GetString()!;
        var expected = new (string Role, string Scope)[]
        {
            ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", Id("Microsoft.Storage/storageAccounts")), // Storage Blob Data Owner
            ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", Id("Microsoft.Storage/storageAccounts")), // Storage Queue Data Contributor
            ("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", Id("Microsoft.Storage/storageAccounts")), // Storage Table Data Contributor
            ("3913510d-42f4-4e42-8a64-420c390055eb", Id("Microsoft.Insights/components")), // Monitoring Metrics Publisher
            ("4633458b-17de-408a-b874-0445c86b69e6", Id("Microsoft.KeyVault/vaults")), // Key Vault Secrets User
            ("7628b7b8-a8b2-4cdc-b46f-e9b35248918e", Id("Microsoft.CognitiveServices/accounts")), // Cognitive Services Language Reader
            (customRoleId.Split('/')[^1], Id("Microsoft.Communication/communicationServices")), // the email-sending custom role
        };
        var identity = Id("Microsoft.ManagedIdentity/userAssignedIdentities");
        var assignments = prod.OfType("Microsoft.Authorization/roleAssignments")
            .Select(a => (Id: a.GetProperty("id").GetString()!, Properties: a.GetProperty("properties")))
            .Where(a => a.Properties.GetProperty("principalId").GetString()!.Contains(identity, StringComparison.Ordinal))
            .Select(a => (Role: a.Properties.GetProperty("roleDefinitionId").GetString()!.Split('/')[^1], Scope: Regex.Match(a.Id, @"^\[extensionResourceId\('([^']+)'").Groups[1].Value,
                a.Id, Type: a.Properties.GetProperty("principalType").GetString()))
            .ToList();
        Assert.Equal(expected.OrderBy(e => e.Role), assignments.Select(a => (a.Role, a.Scope)).OrderBy(e => e.Role));
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", a.Type));
        Assert.All(assignments, a => Assert.Contains("guid(", a.Id)); // a stable name: redeploying finds the same assignment

        // The custom role only sends email, and only in this resource group.
        var permissions = Assert.Single(customRole.GetProperty("properties").GetProperty("permissions").EnumerateArray());
        Assert.Equal(["Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/CommunicationServices/Write", "Microsoft.Communication/EmailServices/write"],
            permissions.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal([$"/subscriptions/{Snapshot.SubscriptionId}/resourceGroups/{Snapshot.ResourceGroup}"],
            customRole.GetProperty("properties").GetProperty("assignableScopes").EnumerateArray().Select(s => s.GetString()));
        Assert.True(prod.Single("Microsoft.KeyVault/vaults").GetProperty("properties").GetProperty("enableRbacAuthorization").GetBoolean());
    }

    [Fact]
    public void Telemetry_IsEntraAuthenticatedAndEveryAlertReachesTheActionGroup()
    {
        var prod = deployments.Prod;
        Assert.True(prod.Single("Microsoft.Insights/components").GetProperty("properties").GetProperty("DisableLocalAuth").GetBoolean());
        var group = prod.Single("Microsoft.Insights/actionGroups");
        Assert.Equal("newsmonitor-ops@example.org", Assert.Single(group.GetProperty("properties").GetProperty("emailReceivers").EnumerateArray()).GetProperty("emailAddress").GetString());
        var rules = prod.OfType("Microsoft.Insights/scheduledQueryRules").ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["newsmon-digest-not-sent", "newsmon-function-failures", "newsmon-no-article-fetched", "newsmon-poison-messages"], rules.Keys.Order());
        Assert.All(rules.Values, r => Assert.Equal([group.GetProperty("id").GetString()],
            r.GetProperty("properties").GetProperty("actions").GetProperty("actionGroups").EnumerateArray().Select(g => g.GetString())));
        string Query(string name) => Assert.Single(rules[name].GetProperty("properties").GetProperty("criteria").GetProperty("allOf").EnumerateArray()).GetProperty("query").GetString()!;
        // The metrics the handler exports (README, meter NewsMonitor).
        Assert.Contains("\"newsmonitor.articles.fetched\"", Query("newsmon-no-article-fetched"));
        Assert.Equal("PT3H", rules["newsmon-no-article-fetched"].GetProperty("properties").GetProperty("windowSize").GetString());
        Assert.Contains("\"newsmonitor.failures\"", Query("newsmon-poison-messages"));
        Assert.Contains("\"newsmonitor.digests.sent\"", Query("newsmon-digest-not-sent"));
    }

    [Fact]
    public void DigestAlert_IsDueHalfAnHourAfterTheDigestTimer()
    {
        // DailyDigest's NCRONTAB schedule (UTC): "0 {minute} {hour} * * *".
        var schedule = Bindings("DailyDigest").Single(b => b.GetProperty("type").GetString() == "timerTrigger").GetProperty("schedule").GetString()!.Split(' ');
        int scheduled = int.Parse(schedule[2], System.Globalization.CultureInfo.InvariantCulture) * 60 + int.Parse(schedule[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, scheduled); // 07:00 Vietnam time
        var query = deployments.Prod.OfType("Microsoft.Insights/scheduledQueryRules").Single(r => r.GetProperty("name").GetString() == "newsmon-digest-not-sent")
            .GetProperty("properties").GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query").GetString()!;
        Assert.Contains($"startofday(now()) + {scheduled + 30}m", query);
    }

    [Fact]
    public void EventGrid_DeliversBlobsCreatedInRawToClassifyArticle()
    {
        var trigger = Bindings("ClassifyArticle").Single(b => b.GetProperty("type").GetString() == "blobTrigger");
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        var container = trigger.GetProperty("path").GetString()!.Split('/')[0];
        var template = Bicep.Build(Path.Combine(Bicep.Infra, "eventgrid.bicep"));
        var subscription = Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.EventGrid/systemTopics/eventSubscriptions").GetProperty("properties");
        Assert.Equal($"/blobServices/default/containers/{container}/", subscription.GetProperty("filter").GetProperty("subjectBeginsWith").GetString());
        Assert.Equal(["Microsoft.Storage.BlobCreated"], subscription.GetProperty("filter").GetProperty("includedEventTypes").EnumerateArray().Select(t => t.GetString()));
        var endpoint = subscription.GetProperty("destination").GetProperty("properties").GetProperty("endpointUrl").GetString()!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.ClassifyArticle", endpoint);
        Assert.Contains("blobs_extension", endpoint);
        Assert.Equal("eventgrid-deadletter", subscription.GetProperty("deadLetterWithResourceIdentity").GetProperty("deadLetterDestination").GetProperty("properties").GetProperty("blobContainerName").GetString());
        Assert.Contains("eventgrid-deadletter", deployments.Prod.Names("Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    [Fact]
    public void Outputs_HoldNoSecrets()
    {
        var outputs = Bicep.Build(Path.Combine(Bicep.Infra, "main.bicep")).GetProperty("outputs");
        foreach (var output in outputs.EnumerateObject())
        {
            Assert.DoesNotContain("listKeys", output.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
            Assert.NotEqual("securestring", output.Value.GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        }
        foreach (var name in new[] { "functionAppName", "functionAppHostName", "storageAccountName", "keyVaultName", "identityId" })
            Assert.True(outputs.TryGetProperty(name, out _), $"main.bicep has no output {name}, which deploy.sh reads");
    }

    [Fact]
    public void InvalidParameters_FailAtValidationSayingWhatToChange()
    {
        var folder = Directory.CreateTempSubdirectory("newsmon-params-");
        try
        {
            var file = Path.Combine(folder.FullName, "bad.bicepparam");
            File.WriteAllText(file, $$"""
                using '{{Path.GetRelativePath(folder.FullName, Path.Combine(Bicep.Infra, "main.bicep")).Replace('\\', '/')}}'

                param environmentName = 'production'
                param location = 'vietnamnorth'
                param alertEmail = 'ops@example.org'
                param nameOverrides = {
                  storage: 'stnewsmonitorproductionvietnam01'
                }
                param maximumInstanceCount = 5
                """);
            var (exit, output) = Bicep.Run("build-params", file, "--stdout");
            Assert.NotEqual(0, exit);
            Assert.Contains("bad.bicepparam(3,", output); // environmentName: at most 8 characters
            Assert.Contains("maximum allowable length is 8", output);
            Assert.Contains("'vietnamnorth'", output); // a region without Flex Consumption, and the regions that have it
            Assert.Contains("'southeastasia'", output);
            Assert.Contains("maximum allowable length is 24", output); // the storage account name
            Assert.Contains("bad.bicepparam(9,", output); // fewer than 40 instances
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void DeployScript_PassesShellcheck()
    {
        var start = new ProcessStartInfo("shellcheck") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Bicep.Infra, "deploy.sh"));
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new InvalidOperationException("shellcheck is not installed: run tests/setup.sh (apt-get install shellcheck)", e); }
        using (process)
        {
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, output);
        }
        if (!OperatingSystem.IsWindows())
            Assert.True(File.GetUnixFileMode(Path.Combine(Bicep.Infra, "deploy.sh")).HasFlag(UnixFileMode.UserExecute), "deploy.sh is not executable");
    }

    [Fact]
    public void Workflow_SignsInWithOidcAndRunsTheDeployScript()
    {
        var workflow = File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", "deploy.yml"));
        Assert.Contains("id-token: write", workflow);
        Assert.Contains("azure/login@", workflow);
        Assert.DoesNotContain("client-secret", workflow);
        Assert.Contains("infra/deploy.sh", workflow);
    }

    private static bool HasOption(Type options, string[] path)
    {
        var type = options;
        foreach (var name in path)
        {
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite) return false;
            type = property.PropertyType;
        }
        return true;
    }

    private static IEnumerable<JsonElement> FunctionBindings() =>
        Directory.GetDirectories(FunctionsFolder).SelectMany(d => Bindings(Path.GetFileName(d)));

    private static IEnumerable<JsonElement> Bindings(string function)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsFolder, function, "function.json")));
        return json.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList();
    }

    /// <summary>Resources of an ARM template, in the array form or the symbolic-name form (languageVersion 2.0).</summary>
    private static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray() : resources.EnumerateObject().Select(p => p.Value);
    }
}
