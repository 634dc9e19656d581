// pulumi-language-nodejs for the CLI this project builds: the Go module proxy does not serve Pulumi's own
// Node.js language host, so this small host stands in for it. It does the one thing `pulumi up`, `preview`,
// `refresh` and `destroy` need of a language host: run the program with @pulumi/pulumi's own runner
// (`@pulumi/pulumi/cmd/run`, resolved from the program's node_modules), which registers resources with the
// engine and serializes dynamic providers exactly as under Pulumi's distribution.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The runner's exit code for "the program already told the user what went wrong": the engine then stops
// without adding a message of its own (the same contract @pulumi/pulumi's runner has with Pulumi's host).
const exitAfterUserActionableMessage = 32

// The engine sends a program its whole stack config in one message; allow what Pulumi allows (400 MiB).
const maxMessageBytes = 400 * 1024 * 1024

// How long the host outlives an engine that stopped answering before it exits on its own.
const engineHealthTimeout = 5 * time.Minute

// Set at build time (-ldflags -X main.version=...) to the CLI release it was built with.
var version = "0.0.0"

type nodeLanguageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	running       map[*exec.Cmd]struct{}
}

func main() {
	host := &nodeLanguageHost{running: map[*exec.Cmd]struct{}{}}
	// The engine passes its address as the only positional argument; flags such as -tracing are accepted
	// and ignored.
	for _, arg := range os.Args[1:] {
		if arg == "-version" || arg == "--version" {
			fmt.Println(version)
			return
		}
		if !strings.HasPrefix(arg, "-") {
			host.engineAddress = arg
		}
	}
	if host.engineAddress != "" {
		ctx, cancel := context.WithCancel(context.Background())
		if err := rpcutil.Healthcheck(ctx, host.engineAddress, engineHealthTimeout, cancel); err != nil {
			fail(fmt.Errorf("could not watch the engine at %s: %w", host.engineAddress, err))
		}
		go func() {
			<-ctx.Done()
			host.interruptPrograms()
			os.Exit(0)
		}()
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(fmt.Errorf("could not listen for the engine: %w", err))
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(maxMessageBytes))
	pulumirpc.RegisterLanguageRuntimeServer(server, host)
	// The engine reads the port from the first line of stdout.
	fmt.Println(listener.Addr().(*net.TCPAddr).Port)
	if err := server.Serve(listener); err != nil {
		fail(fmt.Errorf("language host stopped serving: %w", err))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pulumi-language-nodejs:", err)
	os.Exit(1)
}

func (host *nodeLanguageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	host.mu.Lock()
	defer host.mu.Unlock()
	host.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (host *nodeLanguageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// The programs this host runs need no resource plugin installed ahead: their dynamic provider's plugin is
// found beside the CLI when the engine first needs it.
func (host *nodeLanguageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (host *nodeLanguageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (host *nodeLanguageHost) InstallDependencies(
	*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return status.Error(codes.Unimplemented, "install the program's dependencies with npm ci")
}

func (host *nodeLanguageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	host.interruptPrograms()
	return &emptypb.Empty{}, nil
}

func (host *nodeLanguageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	runner, err := resolveRunner(info.GetProgramDirectory())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	configJSON, err := runnerConfig(req.GetConfig())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	secretKeysJSON, err := json.Marshal(nonNil(req.GetConfigSecretKeys()))
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	options, err := parseRuntimeOptions(info.GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	cmd := exec.Command("node", append(options.nodeArgs, host.runnerArguments(req, runner)...)...)
	cmd.Dir = info.GetProgramDirectory()
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+configJSON, "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	if options.typescript {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if options.tsconfig != "" {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TSCONFIG_PATH="+options.tsconfig)
	}
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}
	host.track(cmd, true)
	defer host.track(cmd, false)
	stopWatching := context.AfterFunc(ctx, func() { _ = cmd.Process.Signal(syscall.SIGINT) })
	defer stopWatching()

	err = cmd.Wait()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == exitAfterUserActionableMessage:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the program: %v", err)}, nil
	}
}

// Pulumi.yaml's `runtime.options` for nodejs, as Pulumi's own host reads them.
type runtimeOptions struct {
	// The runner compiles TypeScript programs itself (on by default, as in Pulumi's host).
	typescript bool
	tsconfig   string
	// Extra arguments for node, separated by spaces.
	nodeArgs []string
}

func parseRuntimeOptions(options map[string]any) (runtimeOptions, error) {
	parsed := runtimeOptions{typescript: true}
	if value, ok := options["typescript"]; ok {
		typescript, isBool := value.(bool)
		if !isBool {
			return parsed, errors.New("Pulumi.yaml: runtime option 'typescript' must be true or false")
		}
		parsed.typescript = typescript
	}
	if value, ok := options["tsconfig"]; ok {
		tsconfig, isString := value.(string)
		if !isString {
			return parsed, errors.New("Pulumi.yaml: runtime option 'tsconfig' must be a path")
		}
		parsed.tsconfig = tsconfig
	}
	if value, ok := options["nodeargs"]; ok {
		nodeArgs, isString := value.(string)
		if !isString {
			return parsed, errors.New("Pulumi.yaml: runtime option 'nodeargs' must be a string")
		}
		parsed.nodeArgs = strings.Fields(nodeArgs)
	}
	return parsed, nil
}

// The runner's command line: the same flags @pulumi/pulumi's runner takes from Pulumi's own host.
func (host *nodeLanguageHost) runnerArguments(req *pulumirpc.RunRequest, runner string) []string {
	host.mu.Lock()
	engine := host.engineAddress
	host.mu.Unlock()
	info := req.GetInfo()
	args := []string{runner}
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", engine)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("root-directory", info.GetRootDirectory())
	flag("stack", req.GetStack())
	flag("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, info.GetEntryPoint())
	return append(args, req.GetArgs()...)
}

// @pulumi/pulumi's runner, as the program's own node_modules resolves it: the runner must be the copy the
// program's resources are registered with.
func resolveRunner(programDirectory string) (string, error) {
	cmd := exec.Command("node", "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = programDirectory
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not find @pulumi/pulumi in %s/node_modules (run npm ci there): %v", programDirectory, err)
	}
	return string(out), nil
}

// The runner reads config keys as `<namespace>:config:<name>`; the engine sends `<namespace>:<name>`.
func runnerConfig(engineConfig map[string]string) (string, error) {
	keyed := make(map[string]string, len(engineConfig))
	for key, value := range engineConfig {
		parsed, err := config.ParseKey(key)
		if err != nil {
			return "", err
		}
		keyed[parsed.Namespace()+":config:"+parsed.Name()] = value
	}
	out, err := json.Marshal(keyed)
	return string(out), err
}

func (host *nodeLanguageHost) track(cmd *exec.Cmd, running bool) {
	host.mu.Lock()
	defer host.mu.Unlock()
	if running {
		host.running[cmd] = struct{}{}
	} else {
		delete(host.running, cmd)
	}
}

// Ctrl-C in the CLI reaches the program as SIGINT, so @pulumi/pulumi's runner can finish what it registered.
func (host *nodeLanguageHost) interruptPrograms() {
	host.mu.Lock()
	defer host.mu.Unlock()
	for cmd := range host.running {
		_ = cmd.Process.Signal(syscall.SIGINT)
	}
}

func nonNil(keys []string) []string {
	if keys == nil {
		return []string{}
	}
	return keys
}
