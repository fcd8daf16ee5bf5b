using '../main.bicep'

param environmentName = 'prod'
param location = 'southeastasia'
param alertEmail = 'newsmonitor-ops@example.org'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param rawCoolAfterDays = 7
param rawRetentionDays = 365
param logRetentionDays = 90
param enableLanguage = true
param tags = {
  costCenter: 'newsmonitor'
}
