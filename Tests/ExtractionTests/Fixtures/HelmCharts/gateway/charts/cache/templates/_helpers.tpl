{{/*
The cache image, also used by the parent chart with its own values
*/}}
{{- define "cache.image" -}}
{{- .Values.cache.image.repository | default "acme/cache" }}:{{ .Values.cache.image.tag }}
{{- end -}}
