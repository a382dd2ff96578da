{{/*
Expand the name of the chart.
*/}}
{{- define "gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Base template for building an image reference from a dict:
service (registry, repository, tag, digest, sha), global and defaultVersion.
*/}}
{{- define "gateway.baseImage" }}
{{- $registry := .global.imageRegistry | default ((.global.image).registry) | default .global.registry | default .service.registry | default "" -}}
{{- $repository := .service.repository | default "" -}}
{{- $sha := and .service.sha (printf "@sha256:%s" .service.sha) | default "" -}}
{{- $digest := and .service.digest (printf "@%s" .service.digest) | default $sha -}}
{{- $ref := ternary (printf ":%s" (.service.tag | default .defaultVersion | toString)) ($digest) (empty $digest) -}}

{{- $prefix := "" -}}
{{- $firstSegment := (split "/" $repository)._0 -}}
{{- if and $registry (not (contains "." $firstSegment)) -}}
{{- $prefix = printf "%s/" $registry -}}
{{- end -}}

{{- printf "%s%s%s" $prefix $repository $ref -}}
{{- end -}}

{{/*
The gateway image
*/}}
{{- define "gateway.image" -}}
{{- $dict := dict "service" .Values.gateway.image "global" .Values.global "defaultVersion" .Chart.AppVersion -}}
{{- include "gateway.baseImage" $dict -}}
{{- end -}}

{{- define "gateway.mirrorImage" -}}
{{- include "gateway.baseImage" (dict "service" .Values.mirror.image "global" .Values.global "defaultVersion" "latest") -}}
{{- end -}}
