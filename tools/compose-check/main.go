// compose-check validates compose files with compose-go, the loader docker compose itself
// uses: schema, interpolation, include, depends_on and volume references. No engine needed.
//
//	go run ./tools/compose-check 01-http-simple/docker-compose.yml ...
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check FILE...")
		os.Exit(2)
	}
	failed := false
	for _, file := range os.Args[1:] {
		if err := check(file); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL %s: %v\n", file, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func check(file string) error {
	options, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithDefaultConfigPath,
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
		cli.WithName("check"),
	)
	if err != nil {
		return err
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return err
	}
	names := project.ServiceNames()
	sort.Strings(names)
	fmt.Printf("ok   %s: %d services %v\n", file, len(names), names)
	return nil
}
