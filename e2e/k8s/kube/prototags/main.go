// Command prototags prints, for every Go API type reachable from the kinds the lab cluster serves,
// how each protobuf field maps onto JSON: its JSON name ("" when inlined), omitempty/omitzero and
// whether the Go field is a pointer, slice, map or struct. The lab's protobuf codec
// (lib/labcluster/protobuf) needs this to write the JSON Go's encoding/json would write for a
// decoded message. Run by lib/labcluster/protobuf/refresh.ts; output is JSON on stdout.
package main

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	authnv1 "k8s.io/api/authentication/v1"
	authzv1 "k8s.io/api/authorization/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	eventsv1 "k8s.io/api/events/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type field struct {
	JSON      string `json:"json"`
	OmitEmpty bool   `json:"omitempty,omitempty"`
	OmitZero  bool   `json:"omitzero,omitempty"`
	Go        string `json:"go"` // pointer | slice | map | struct | scalar
}

var roots = []any{
	corev1.Namespace{}, corev1.NamespaceList{}, corev1.Node{}, corev1.NodeList{}, corev1.Pod{}, corev1.PodList{},
	corev1.Service{}, corev1.ServiceList{}, corev1.Endpoints{}, corev1.EndpointsList{}, corev1.Event{}, corev1.EventList{},
	corev1.ServiceAccount{}, corev1.ServiceAccountList{}, corev1.ConfigMap{}, corev1.ConfigMapList{}, corev1.Secret{}, corev1.SecretList{},
	corev1.ResourceQuota{}, corev1.ResourceQuotaList{}, corev1.LimitRange{}, corev1.LimitRangeList{}, corev1.Binding{},
	appsv1.Deployment{}, appsv1.DeploymentList{}, appsv1.ReplicaSet{}, appsv1.ReplicaSetList{},
	discoveryv1.EndpointSlice{}, discoveryv1.EndpointSliceList{}, eventsv1.Event{}, eventsv1.EventList{},
	coordinationv1.Lease{}, coordinationv1.LeaseList{}, autoscalingv1.Scale{},
	policyv1.PodDisruptionBudget{}, policyv1.PodDisruptionBudgetList{},
	authzv1.SelfSubjectAccessReview{}, authnv1.SelfSubjectReview{},
	metav1.DeleteOptions{}, metav1.Status{}, metav1.WatchEvent{}, metav1.APIResourceList{}, metav1.APIGroupList{}, metav1.APIGroup{}, metav1.APIVersions{},
}

func protoName(t reflect.Type) string {
	return strings.ReplaceAll(t.PkgPath(), "/", ".") + "." + t.Name()
}

func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return "pointer"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes"
		}
		return "slice"
	case reflect.Map:
		return "map"
	case reflect.Struct:
		return "struct"
	}
	return "scalar"
}

func main() {
	out := map[string]map[string]field{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() == "" {
			return
		}
		name := protoName(t)
		if _, seen := out[name]; seen {
			return
		}
		fields := map[string]field{}
		out[name] = fields
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("protobuf")
			if tag == "" {
				continue
			}
			pname := ""
			for _, p := range strings.Split(tag, ",") {
				if strings.HasPrefix(p, "name=") {
					pname = strings.TrimPrefix(p, "name=")
				}
			}
			js := strings.Split(f.Tag.Get("json"), ",")
			fd := field{JSON: js[0], Go: goKind(f.Type)}
			for _, o := range js[1:] {
				fd.OmitEmpty = fd.OmitEmpty || o == "omitempty"
				fd.OmitZero = fd.OmitZero || o == "omitzero"
			}
			fields[pname] = fd
			visit(f.Type)
		}
	}
	for _, r := range roots {
		visit(reflect.TypeOf(r))
	}
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	ordered := make([]any, 0, len(keys))
	for _, k := range keys {
		ordered = append(ordered, []any{k, out[k]})
	}
	_ = enc.Encode(ordered)
}
