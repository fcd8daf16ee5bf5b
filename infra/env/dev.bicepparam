using '../main.bicep'

param environmentName = 'dev'
param location = 'southeastasia'
param alertEmail = 'newsmonitor-ops@example.org'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param rawRetentionDays = 30
param logRetentionDays = 30
param enableLanguage = false
param tags = {
  costCenter: 'newsmonitor-dev'
}
