#!/usr/bin/env bash
# Deploys NewsMonitor to Azure, idempotently: run it again to update.
#   infra/deploy.sh <environment> [resource-group]
# <environment> names infra/env/<environment>.bicepparam (dev, prod). Needs the Azure CLI signed in (az login, or
# OIDC in GitHub Actions), the .NET 10 SDK, curl. Phases:
#   1. infrastructure (main.bicep): storage, identity, Flex Consumption app, monitoring, email, Key Vault;
#   2. the token-signing key, created once when missing;
#   3. the code: newsmon functions package, then a zip deploy to the app;
#   4. Event Grid (eventgrid.bicep), once the host has loaded ClassifyArticle and created its blobs_extension key;
#   5. a smoke check: GET /api/health answers 200.
set -euo pipefail

usage() { echo "usage: $0 <environment> [resource-group]   (environment: a file infra/env/<environment>.bicepparam)" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
environment=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
params="$here/env/$environment.bicepparam"
[ -f "$params" ] || { echo "no parameter file $params: environments are $(find "$here/env" -name '*.bicepparam' -printf '%f ' | sed 's/\.bicepparam//g')" >&2; exit 2; }
group=${2:-rg-newsmonitor-$environment}
location=$(sed -nE "s/^param location = '([a-z0-9]+)'.*/\1/p" "$params")
[ -n "$location" ] || { echo "$params sets no location" >&2; exit 2; }
for tool in az dotnet curl; do command -v "$tool" > /dev/null || { echo "$tool is needed on PATH" >&2; exit 2; }; done

log() { printf '\n== %s\n' "$*"; }

log "phase 1: infrastructure in $group ($location)"
az group create --name "$group" --location "$location" --tags app=newsmonitor environment="$environment" --output none
# The deployer may create the token-signing key: its object id (a user, or the service principal of a CI login).
deployer_type=User
if ! deployer=$(az ad signed-in-user show --query id --output tsv 2> /dev/null); then
  deployer=$(az ad sp show --id "$(az account show --query user.name --output tsv)" --query id --output tsv)
  deployer_type=ServicePrincipal
fi
outputs=$(az deployment group create --resource-group "$group" --name "newsmonitor-$environment" \
  --template-file "$here/main.bicep" --parameters "$params" \
  --parameters deployerPrincipalId="$deployer" deployerPrincipalType="$deployer_type" \
  --query properties.outputs --output json)
output() { printf '%s' "$outputs" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1']['value'])"; }
app=$(output functionAppName)
host=$(output functionAppHostName)
storage=$(output storageAccountName)
vault=$(output keyVaultName)
identity=$(output identityId)
secret=$(output signingKeySecretName)

log "phase 2: token-signing key in $vault"
if az keyvault secret show --vault-name "$vault" --name "$secret" --query id --output tsv > /dev/null 2>&1; then
  echo "kept: $secret exists"
else
  # Role assignments take a minute or two to apply: retry the first write.
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if az keyvault secret set --vault-name "$vault" --name "$secret" --value "$(head -c 48 /dev/urandom | base64 -w0)" --output none 2> /dev/null; then break; fi
    [ "$attempt" -lt 10 ] || { echo "could not write $secret to $vault: does the deployer hold Key Vault Secrets Officer?" >&2; exit 1; }
    sleep 15
  done
  echo "created: $secret"
fi

log "phase 3: code"
dotnet run --project "$repo/src/NewsMonitor.Cli" --configuration Release -- functions package
az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$repo/artifacts/newsmonitor-functions.zip" --output none

log "phase 4: Event Grid to ClassifyArticle"
for attempt in $(seq 1 40); do
  key=$(az functionapp keys list --resource-group "$group" --name "$app" --query systemKeys.blobs_extension --output tsv 2> /dev/null || true)
  [ -n "$key" ] && break
  [ "$attempt" -lt 40 ] || { echo "the host of $app has no blobs_extension key after 10 minutes: is ClassifyArticle loaded? (az functionapp function list)" >&2; exit 1; }
  sleep 15
done
az deployment group create --resource-group "$group" --name "newsmonitor-$environment-eventgrid" \
  --template-file "$here/eventgrid.bicep" \
  --parameters functionAppName="$app" storageAccountName="$storage" identityId="$identity" location="$location" \
  --output none

log "phase 5: smoke check"
for attempt in $(seq 1 20); do
  status=$(curl --silent --output /dev/null --write-out '%{http_code}' "https://$host/api/health" || true)
  if [ "$status" = 200 ]; then echo "https://$host/api/health answers 200"; exit 0; fi
  sleep 15
done
echo "https://$host/api/health answered $status, not 200: see its body and Application Insights" >&2
exit 1
