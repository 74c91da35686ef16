{{/* The name every object carries: the release name, or "rollscope" for a release named so. */}}
{{- define "rollscope.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "rollscope.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "rollscope.labels" -}}
{{ include "rollscope.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "rollscope.serviceAccountName" -}}
{{- default (include "rollscope.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "rollscope.tokenSecret" -}}
{{- default (printf "%s-token" (include "rollscope.fullname" .)) .Values.token.existingSecret -}}
{{- end -}}
