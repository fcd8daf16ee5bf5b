// NewsMonitor, phase 2 (after the code is deployed): Event Grid delivers "blob created" in raw/ to ClassifyArticle.
// The webhook needs the host's blobs_extension key, which exists only once the host has loaded the blob-trigger
// function, and Event Grid validates the webhook when the subscription is created: hence a second phase.
targetScope = 'resourceGroup'

@description('Function app name (phase 1 output functionAppName).')
@minLength(2)
@maxLength(60)
param functionAppName string

@description('Storage account name (phase 1 output storageAccountName).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Resource id of the user-assigned identity that writes dead-lettered events (phase 1 identity).')
param identityId string

@description('Region of the storage account.')
param location string

@description('Tags.')
param tags object = {}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: 'evgt-${storageAccountName}'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource classifyArticle 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = {
  parent: topic
  name: 'classify-article'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.ClassifyArticle&code=${listKeys('${app.id}/host/default', '2023-12-01').systemKeys.blobs_extension}'
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/raw/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: identityId
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: 'eventgrid-deadletter'
        }
      }
    }
  }
}

@description('Event Grid system topic name.')
output systemTopicName string = topic.name
