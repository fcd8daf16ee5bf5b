// Optional Azure AI Language account for entity enrichment; keys disabled, the app signs in with its identity.

@description('Language account name (also its custom subdomain).')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Principal id of the app identity, granted Cognitive Services Language Reader.')
param principalId string

var languageReader = '7628b7b8-a8b2-4cdc-b46f-e9b35248918e'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextAnalytics'
  sku: {
    name: 'S'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, languageReader)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', languageReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'NewsMonitor app identity: calls analyze-text.'
  }
}

@description('Endpoint of the Language account: its custom subdomain.')
output subdomainEndpoint string = 'https://${account.properties.customSubDomainName}.cognitiveservices.azure.com/'
