// Command etcd is the upstream etcd server (go.etcd.io/etcd/server/v3/etcdmain),
// built here so the differential suite needs nothing but a Go toolchain.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
