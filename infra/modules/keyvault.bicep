// Key Vault in RBAC mode for the token-signing key of subscription links. deploy.sh creates the key once (a random
// 48 bytes) when it is missing, so redeploying never rotates it; the app reads it through a Key Vault reference.

@description('Key Vault name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Principal id of the app identity, granted Key Vault Secrets User.')
param principalId string

@description('Object id of the deploying principal, granted Key Vault Secrets Officer to create the key; empty for none.')
param deployerPrincipalId string

@description('Type of the deploying principal.')
param deployerPrincipalType string

var signingKeySecretName = 'token-signing-key'
var roles = {
  secretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  secretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, roles.secretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.secretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'NewsMonitor app identity: reads the token-signing key.'
  }
}

resource deployerWritesSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, roles.secretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.secretsOfficer)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    description: 'NewsMonitor deployer: creates the token-signing key when it is missing.'
  }
}

@description('Key Vault name.')
output name string = vault.name

@description('Name of the token-signing key secret.')
output signingKeySecretName string = signingKeySecretName

@description('App-setting value that resolves to the key (a Key Vault reference, not the key).')
output signingKeyReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${signingKeySecretName})'
