// Logs, metrics and alerts: a Log Analytics workspace, Application Insights on it with Entra-only ingestion, an action
// group that emails the operators, and the alert rules over the handler's metrics (meter "NewsMonitor").

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights name.')
param appInsightsName string

@description('Action group name.')
param actionGroupName string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Address the alerts go to.')
param alertEmail string

@description('Days the workspace keeps data.')
param logRetentionDays int

@description('Principal id of the app identity, granted Monitoring Metrics Publisher on Application Insights.')
param principalId string

// The DailyDigest timer fires at 00:00 UTC (07:00 Vietnam time, function.json "0 0 0 * * *"); a digest is due 30
// minutes later. A test checks this against the function.json schedule.
var digestScheduleMinutesUtc = 0
var digestDueMinutesUtc = digestScheduleMinutesUtc + 30
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true // ingestion only with an Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING)
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'NewsMonitor app identity: sends telemetry to Application Insights with Entra authentication.'
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'newsmon'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Each alert: a log query over the workspace that returns rows when something is wrong.
var alerts = [
  {
    name: 'function-failures'
    description: 'A function invocation failed (the host records it as an unsuccessful request).'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'AppRequests | where Success == false | summarize Failures = count() by OperationName | where Failures > 0'
  }
  {
    name: 'poison-messages'
    description: 'A message reached a poison queue: newsmon functions poison list shows it, replay sends it back.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'AppMetrics | where Name == "newsmonitor.failures" and tostring(Properties.outcome) == "poisoned" | summarize Poisoned = sum(Sum) | where Poisoned > 0'
  }
  {
    name: 'no-article-fetched'
    description: 'No article was fetched in the last 3 hours.'
    severity: 2
    frequency: 'PT30M'
    window: 'PT3H'
    query: 'AppMetrics | where Name == "newsmonitor.articles.fetched" | summarize Fetched = sum(Sum) | union (print Fetched = 0.0) | summarize Fetched = sum(Fetched) | where Fetched < 1'
  }
  {
    name: 'digest-not-sent'
    description: 'No digest was sent by 07:30 Vietnam time (00:30 UTC).'
    severity: 1
    frequency: 'PT15M'
    window: 'P1D'
    query: 'let due = startofday(now()) + ${digestDueMinutesUtc}m; AppMetrics | where TimeGenerated >= startofday(now()) and Name == "newsmonitor.digests.sent" | summarize Sent = sum(Sum) | union (print Sent = 0.0) | summarize Sent = sum(Sent) | where now() between (due .. due + 3h) and Sent < 1'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for alert in alerts: {
  name: 'newsmon-${alert.name}'
  location: location
  tags: tags
  properties: {
    displayName: 'NewsMonitor: ${alert.name}'
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [
      workspace.id
    ]
    evaluationFrequency: alert.frequency
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}]

@description('Application Insights connection string (not a secret: ingestion needs an Entra token).')
output connectionString string = appInsights.properties.ConnectionString

@description('Application Insights name.')
output appInsightsName string = appInsights.name
