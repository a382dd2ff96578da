{{/*
Canary image, built by the base template of another helpers file
*/}}
{{- define "canary.image" -}}
{{- $dict := dict "service" .Values.canary.image "global" .Values.global "defaultVersion" .Chart.AppVersion -}}
{{- include "gateway.baseImage" $dict -}}
{{- end -}}
