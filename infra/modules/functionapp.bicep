// The Functions app on Flex Consumption: a user-assigned identity for everything (storage, deployment package,
// telemetry, email, Language, Key Vault), no keys or connection strings in settings.

@description('Function app name.')
param appName string

@description('Plan name.')
param planName string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Storage account for AzureWebJobsStorage.')
param storageAccountName string

@description('Blob endpoint of that account, ending in a slash.')
param blobEndpoint string

@description('Container of the deployment package.')
param deploymentContainer string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Flex runtime name.')
param runtimeName string

@description('Flex runtime version.')
param runtimeVersion string

@description('Instance memory in MB.')
param instanceMemoryMB int

@description('Most instances.')
param maximumInstanceCount int

@description('Communication Services endpoint.')
param emailEndpoint string

@description('Sender address.')
param emailSenderAddress string

@description('Azure AI Language endpoint; empty when enrichment is off.')
param languageEndpoint string

@description('Key Vault reference to the key that signs the links in emails (deploy.sh creates the secret).')
param tokenKeyReference string

// Settings the handler reads (a test checks each against the code's options). No FUNCTIONS_WORKER_RUNTIME and no
// WEBSITE_RUN_FROM_PACKAGE: Flex Consumption rejects them (the runtime is in functionAppConfig).
var baseSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
  { name: 'AcsEmail__Endpoint', value: emailEndpoint }
  { name: 'AcsEmail__SenderAddress', value: emailSenderAddress }
  { name: 'NewsMonitor__Tokens__Key', value: tokenKeyReference }
]
var languageSettings = empty(languageEndpoint) ? [] : [
  { name: 'AzureLanguage__Endpoint', value: languageEndpoint }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(baseSettings, languageSettings)
    }
  }
}

resource basicPublishingFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource basicPublishingScm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Function app name.')
output name string = app.name

@description('Default host name.')
output defaultHostName string = app.properties.defaultHostName
