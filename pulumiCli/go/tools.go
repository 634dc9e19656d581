//go:build tools

// Pins the Pulumi CLI's main package in this module, so `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi`
// here builds exactly the release go.mod names, with the checksums go.sum records.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
