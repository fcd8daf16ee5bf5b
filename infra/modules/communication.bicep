// Email: an Email Communication Service with an Azure-managed domain, linked to a Communication Services resource
// that the app sends through with its identity.

@description('Communication Services resource name.')
param communicationName string

@description('Email Communication Service name.')
param emailName string

@description('Where the services keep data at rest.')
param dataLocation string

@description('Tags.')
param tags object

@description('Principal id of the app identity, granted the email-sending role on the Communication Services resource.')
param principalId string

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      managedDomain.id
    ]
  }
}

// No built-in role only sends email; Microsoft documents these three actions for Entra ID senders.
resource emailSender 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'newsmonitor-acs-email-sender')
  properties: {
    roleName: 'NewsMonitor ACS Email Sender (${resourceGroup().name})'
    description: 'Sends email through a Communication Services resource; no keys, no deletion, no role administration.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource emailSenderAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, principalId, emailSender.id)
  scope: communication
  properties: {
    roleDefinitionId: emailSender.id
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'NewsMonitor app identity: sends alerts and digests.'
  }
}

@description('Endpoint the app sends email through.')
output endpoint string = 'https://${communication.properties.hostName}'

@description('Sender address on the Azure-managed domain.')
output senderAddress string = 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'
