// Storage: raw pages and structured summaries (blobs), the stage queues and their poison queues, the state tables,
// the deployment package container; identity-only access.

@description('Storage account name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Days before a raw page moves to the cool tier.')
param rawCoolAfterDays int

@description('Days before a raw page is deleted.')
param rawRetentionDays int

@description('Principal id of the app identity, granted blob, queue and table data roles on this account.')
param principalId string

// What the function.json files and the Table adapter use (a test compares them).
var containers = [
  'raw'
  'articles'
  deploymentContainer
  'eventgrid-deadletter'
]
var deploymentContainer = 'app-package'
var stageQueues = [
  'fetch-article'
  'store-summary'
  'match-alerts'
  'deliver-alert'
  'deliver-digest'
]
var queues = concat(stageQueues, map(stageQueues, q => '${q}-poison'), ['webjobs-blobtrigger-poison'])
var tables = [
  'FeedState'
  'SeenUrls'
  'DedupHead'
  'DedupArticles'
  'DedupKeys'
  'StoryClusters'
  'Summaries'
  'SummaryIndexTimes'
  'Subscriptions'
  'Deliveries'
  'DigestWindows'
]

// Built-in roles (ids are the same in every tenant).
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containerResources 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for c in containers: {
  parent: blobService
  name: c
  properties: {
    publicAccess: 'None'
  }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queueResources 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for q in queues: {
  parent: queueService
  name: q
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tableResources 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for t in tables: {
  parent: tableService
  name: t
}]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'raw-pages'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'raw/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: rawCoolAfterDays
                }
                delete: {
                  daysAfterModificationGreaterThan: max(rawRetentionDays, rawCoolAfterDays + 1)
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(account.id, principalId, role.value)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'NewsMonitor app identity: ${role.key} on its storage account.'
  }
}]

@description('Storage account name.')
output name string = account.name

@description('Blob endpoint, ending in a slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Container that holds the deployment package.')
output deploymentContainer string = deploymentContainer
