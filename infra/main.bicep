// NewsMonitor, phase 1: everything but the Event Grid subscription (eventgrid.bicep, after the code is deployed).
// Deployed to a resource group by infra/deploy.sh; see README "Deploy to Azure".
targetScope = 'resourceGroup'

@description('Short environment name used in resource names and tags, such as dev or prod: 2 to 8 lowercase letters or digits.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region for every resource. Only regions that offer Flex Consumption are accepted (az functionapp list-flexconsumption-locations lists them).')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
param location string

@description('Address that receives the operational alerts (function failures, poison messages, no articles, no digest).')
@minLength(6)
param alertEmail string

@description('Function app runtime on Flex Consumption: custom 1.0 runs the handler directly. dotnet-isolated is the documented fallback should custom be refused; it needs a package whose host.json starts the handler through dotnet, which newsmon functions package does not build yet.')
@allowed([
  'custom'
  'dotnet-isolated'
])
param runtimeName string = 'custom'

@description('Runtime version: 1.0 for custom; 8.0, 9.0 or 10.0 for dotnet-isolated.')
@allowed([
  '1.0'
  '8.0'
  '9.0'
  '10.0'
])
param runtimeVersion string = '1.0'

@description('Memory of each instance in MB (Flex Consumption sizes).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Days a raw page stays in the hot tier before moving to cool.')
@minValue(1)
@maxValue(365)
param rawCoolAfterDays int = 7

@description('Days a raw page is kept at all; structured summaries in articles/ are kept.')
@minValue(2)
@maxValue(3650)
param rawRetentionDays int = 90

@description('Days Log Analytics keeps logs and metrics.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Deploy an Azure AI Language account and enrich relevant articles with its entities.')
param enableLanguage bool = false

@description('Where Communication Services keeps email data at rest.')
@allowed([
  'Africa'
  'Asia Pacific'
  'Australia'
  'Brazil'
  'Canada'
  'Europe'
  'France'
  'Germany'
  'India'
  'Japan'
  'Korea'
  'Norway'
  'Switzerland'
  'UAE'
  'UK'
  'United States'
])
param emailDataLocation string = 'Asia Pacific'

@description('Object id of the principal that runs deploy.sh: it is granted Key Vault Secrets Officer to create the token-signing key. Empty: no grant.')
param deployerPrincipalId string = ''

@description('Type of the deploying principal.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param deployerPrincipalType string = 'User'

@description('Names of resources to use instead of the generated ones; leave a name out to generate it from the environment and a token of the resource group.')
param nameOverrides NameOverrides = {}

@description('Resource names an operator may set; each bound is the limit of the service.')
type NameOverrides = {
  @description('Storage account: 3 to 24 lowercase letters and digits, unique in Azure.')
  @minLength(3)
  @maxLength(24)
  storage: string?
  @description('Function app: 2 to 60 letters, digits and hyphens, unique in Azure (it is the host name).')
  @minLength(2)
  @maxLength(60)
  functionApp: string?
  @description('Flex Consumption plan: 1 to 60 characters.')
  @minLength(1)
  @maxLength(60)
  plan: string?
  @description('User-assigned identity: 3 to 128 characters.')
  @minLength(3)
  @maxLength(128)
  identity: string?
  @description('Log Analytics workspace: 4 to 63 characters.')
  @minLength(4)
  @maxLength(63)
  workspace: string?
  @description('Application Insights: 1 to 260 characters.')
  @minLength(1)
  @maxLength(260)
  appInsights: string?
  @description('Key Vault: 3 to 24 letters, digits and hyphens, unique in Azure.')
  @minLength(3)
  @maxLength(24)
  keyVault: string?
  @description('Communication Services: 1 to 63 characters, unique in Azure.')
  @minLength(1)
  @maxLength(63)
  communication: string?
  @description('Email Communication Service: 1 to 63 characters.')
  @minLength(1)
  @maxLength(63)
  email: string?
  @description('Azure AI Language account: 2 to 64 characters, unique in Azure (its subdomain).')
  @minLength(2)
  @maxLength(64)
  language: string?
  @description('Action group: 1 to 260 characters.')
  @minLength(1)
  @maxLength(260)
  actionGroup: string?
}

@description('Tags added to every resource, beside app and environment.')
param tags object = {}

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var allTags = union(tags, { app: 'newsmonitor', environment: environmentName })
var names = {
  storage: nameOverrides.?storage ?? take(toLower('stnewsmon${environmentName}${token}'), 24)
  functionApp: nameOverrides.?functionApp ?? 'func-newsmon-${environmentName}-${token}'
  plan: nameOverrides.?plan ?? 'plan-newsmon-${environmentName}-${token}'
  identity: nameOverrides.?identity ?? 'id-newsmon-${environmentName}-${token}'
  workspace: nameOverrides.?workspace ?? 'log-newsmon-${environmentName}-${token}'
  appInsights: nameOverrides.?appInsights ?? 'appi-newsmon-${environmentName}-${token}'
  keyVault: nameOverrides.?keyVault ?? take('kv-newsmon-${environmentName}-${token}', 24)
  communication: nameOverrides.?communication ?? 'acs-newsmon-${environmentName}-${token}'
  email: nameOverrides.?email ?? 'email-newsmon-${environmentName}-${token}'
  language: nameOverrides.?language ?? 'lang-newsmon-${environmentName}-${token}'
  actionGroup: nameOverrides.?actionGroup ?? 'ag-newsmon-${environmentName}'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: allTags
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    rawCoolAfterDays: rawCoolAfterDays
    rawRetentionDays: rawRetentionDays
    principalId: identity.properties.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    actionGroupName: names.actionGroup
    location: location
    tags: allTags
    alertEmail: alertEmail
    logRetentionDays: logRetentionDays
    principalId: identity.properties.principalId
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: {
    communicationName: names.communication
    emailName: names.email
    dataLocation: emailDataLocation
    tags: allTags
    principalId: identity.properties.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    principalId: identity.properties.principalId
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
  }
}

module language 'modules/language.bicep' = if (enableLanguage) {
  name: 'language'
  params: {
    name: names.language
    location: location
    tags: allTags
    principalId: identity.properties.principalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    appName: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: storage.outputs.deploymentContainer
    appInsightsConnectionString: monitoring.outputs.connectionString
    runtimeName: runtimeName
    runtimeVersion: runtimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    emailEndpoint: communication.outputs.endpoint
    emailSenderAddress: communication.outputs.senderAddress
    // The account's custom subdomain, known before it exists (so the settings can be checked before deploying).
    languageEndpoint: enableLanguage ? language!.outputs.subdomainEndpoint : ''
    tokenKeyReference: keyVault.outputs.signingKeyReference
  }
}

@description('Resource group the system was deployed to.')
output resourceGroupName string = resourceGroup().name

@description('Function app name (for az functionapp commands and phase 2).')
output functionAppName string = functionApp.outputs.name

@description('Function app host name; the health endpoint is https://<host>/api/health.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Storage account name (containers raw and articles, queues, tables).')
output storageAccountName string = storage.outputs.name

@description('Key Vault that holds the token-signing key.')
output keyVaultName string = keyVault.outputs.name

@description('Name of the token-signing key secret in the Key Vault.')
output signingKeySecretName string = keyVault.outputs.signingKeySecretName

@description('App-setting value that resolves to the token-signing key through the app identity (a Key Vault reference, not the key).')
output signingKeyReference string = keyVault.outputs.signingKeyReference

@description('Resource id of the app identity (phase 2 dead-letters events with it).')
output identityId string = identity.id

@description('Client id of the app identity (for diagnostics; not a secret).')
output identityClientId string = identity.properties.clientId

@description('Sender address of outgoing email.')
output emailSenderAddress string = communication.outputs.senderAddress

@description('Application Insights resource name.')
output appInsightsName string = monitoring.outputs.appInsightsName
