{{- define "vxmesh.image" -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{/* A CIDR list in flow style, as inventories are written. */}}
{{- define "vxmesh.cidrs" -}}
[{{ range $i, $c := . }}{{ if $i }}, {{ end }}{{ $c }}{{ end }}]
{{- end }}

{{/* Where the agent and the controller find the registry's TLS client credentials (the mounted Secret). */}}
{{- define "vxmesh.etcdEnv" -}}
- {name: VXMESH_ETCD_CA, value: /etc/vxmesh/etcd/ca.crt}
- {name: VXMESH_ETCD_CERT, value: /etc/vxmesh/etcd/tls.crt}
- {name: VXMESH_ETCD_KEY, value: /etc/vxmesh/etcd/tls.key}
{{- end }}
