// helm-render renders a Helm chart the way `helm template` does, for the part of Helm's template
// language VxMesh's chart uses: Go's text/template (Helm's own engine) with .Values, .Release,
// .Chart, and the functions include, toYaml, nindent, indent, quote, default and required.
// A template calling anything else fails to parse, naming the function, so the chart cannot
// silently drift into features this renderer does not have. It exists because the machines
// VxMesh is built on have no helm binary; with helm installed, `helm template` renders the same.
//
//	helm-render [-f values.yaml]... [--set a.b=c]... [--name RELEASE] [--namespace NS] [--include-crds] CHART_DIR
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"gopkg.in/yaml.v2"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var valueFiles, sets listFlag
	flag.Var(&valueFiles, "f", "values file merged over the chart's values.yaml (repeatable)")
	flag.Var(&sets, "set", "key.path=value merged last (repeatable; value parsed as YAML)")
	name := flag.String("name", "vxmesh", "release name")
	namespace := flag.String("namespace", "vxmesh-system", "release namespace")
	crds := flag.Bool("include-crds", false, "print the chart's crds/ files first, as helm template --include-crds")
	flag.Parse()
	if flag.NArg() != 1 {
		fail(errors.New("usage: helm-render [-f values.yaml]... [--set k=v]... [--name R] [--namespace NS] [--include-crds] CHART_DIR"))
	}
	docs, err := render(flag.Arg(0), valueFiles, sets, *name, *namespace, *crds)
	if err != nil {
		fail(err)
	}
	for _, doc := range docs {
		fmt.Printf("---\n# Source: %s\n%s\n", doc.source, doc.text)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "helm-render:", err)
	os.Exit(2)
}

// document is one file's rendered text and where it came from (CHART/templates/FILE or CHART/crds/FILE).
type document struct{ source, text string }

func render(chart string, valueFiles, sets []string, name, namespace string, crds bool) ([]document, error) {
	meta, err := readYaml(filepath.Join(chart, "Chart.yaml"))
	if err != nil {
		return nil, err
	}
	values, err := readYaml(filepath.Join(chart, "values.yaml"))
	if err != nil {
		return nil, err
	}
	for _, file := range valueFiles {
		more, err := readYaml(file)
		if err != nil {
			return nil, err
		}
		values = merge(values, more)
	}
	for _, set := range sets {
		key, raw, ok := strings.Cut(set, "=")
		if !ok {
			return nil, fmt.Errorf("--set %s: expected key.path=value", set)
		}
		var value interface{}
		if err := yaml.Unmarshal([]byte(raw), &value); err != nil {
			return nil, fmt.Errorf("--set %s: %v", set, err)
		}
		values = merge(values, nested(strings.Split(key, "."), value))
	}
	root := map[string]interface{}{
		"Values":  values,
		"Release": map[string]interface{}{"Name": name, "Namespace": namespace, "Service": "Helm"},
		"Chart":   map[string]interface{}{"Name": meta["name"], "Version": meta["version"], "AppVersion": meta["appVersion"]},
	}

	var out []document
	if crds {
		files, _ := filepath.Glob(filepath.Join(chart, "crds", "*.yaml"))
		sort.Strings(files)
		for _, file := range files {
			text, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			out = append(out, document{fmt.Sprintf("%s/crds/%s", meta["name"], filepath.Base(file)), strings.TrimRight(string(text), "\n")})
		}
	}

	tmpl := template.New(filepath.Base(chart))
	tmpl.Funcs(functions(tmpl))
	files, _ := filepath.Glob(filepath.Join(chart, "templates", "*"))
	sort.Strings(files)
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if _, err := tmpl.New(filepath.Base(file)).Option("missingkey=zero").Parse(string(text)); err != nil {
			return nil, err
		}
	}
	for _, file := range files {
		base := filepath.Base(file)
		if strings.HasPrefix(base, "_") || !strings.HasSuffix(base, ".yaml") {
			continue // helpers (_helpers.tpl) and notes render nothing themselves
		}
		var doc bytes.Buffer
		if err := tmpl.ExecuteTemplate(&doc, base, root); err != nil {
			return nil, err
		}
		if strings.TrimSpace(doc.String()) == "" {
			continue
		}
		out = append(out, document{fmt.Sprintf("%s/templates/%s", meta["name"], base), strings.Trim(doc.String(), "\n")})
	}
	return out, nil
}

func functions(tmpl *template.Template) template.FuncMap {
	return template.FuncMap{
		"include": func(name string, data interface{}) (string, error) {
			var b bytes.Buffer
			err := tmpl.ExecuteTemplate(&b, name, data)
			return b.String(), err
		},
		"toYaml": func(v interface{}) (string, error) {
			b, err := yaml.Marshal(v)
			return strings.TrimSuffix(string(b), "\n"), err
		},
		"indent":  func(n int, s string) string { return indent(n, s) },
		"nindent": func(n int, s string) string { return "\n" + indent(n, s) },
		"quote":   func(v interface{}) string { return fmt.Sprintf("%q", fmt.Sprint(v)) },
		"default": func(fallback, v interface{}) interface{} {
			if empty(v) {
				return fallback
			}
			return v
		},
		"required": func(message string, v interface{}) (interface{}, error) {
			if empty(v) {
				return nil, errors.New(message)
			}
			return v, nil
		},
	}
}

func indent(n int, s string) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

func empty(v interface{}) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case bool:
		return !t
	case []interface{}:
		return len(t) == 0
	case map[string]interface{}:
		return len(t) == 0
	}
	return false
}

func readYaml(file string) (map[string]interface{}, error) {
	text, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var raw interface{}
	if err := yaml.Unmarshal(text, &raw); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if raw == nil {
		return map[string]interface{}{}, nil
	}
	m, ok := normalise(raw).(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s: the top level must be a mapping", file)
	}
	return m, nil
}

// normalise turns yaml.v2's map[interface{}]interface{} into string-keyed maps, as Helm sees values.
func normalise(v interface{}) interface{} {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = normalise(e)
		}
		return m
	case []interface{}:
		for i, e := range t {
			t[i] = normalise(e)
		}
	}
	return v
}

// merge overlays b on a: maps merge key by key, anything else is replaced (Helm's coalescing).
func merge(a, b map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]interface{}); ok {
			if am, ok := out[k].(map[string]interface{}); ok {
				out[k] = merge(am, bm)
				continue
			}
		}
		out[k] = normalise(v)
	}
	return out
}

func nested(path []string, value interface{}) map[string]interface{} {
	if len(path) == 1 {
		return map[string]interface{}{path[0]: normalise(value)}
	}
	return map[string]interface{}{path[0]: nested(path[1:], value)}
}
