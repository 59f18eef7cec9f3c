// Command pulumi-language-nodejs starts Node.js policy packs for the Pulumi engine.
//
// The engine runs a policy pack directory through the language host its PulumiPolicy.yaml names,
// calling LanguageRuntime.RunPlugin. The full Node.js host is not published as a Go module, so
// this one implements that call and nothing else: it starts the pack with the pack's own
// @pulumi/pulumi/cmd/run-policy-pack, in the pack's directory, behind the SDK's PolicyProxy,
// which is how the full host hands a pack the stack's configuration. Programs, code generation
// and dependency installation are unimplemented and answer so.
//
// The verdict is untouched by this process: the engine talks Analyzer gRPC to PolicyProxy, which
// forwards every call to the pack.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (h *host) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// runPolicyPack resolves the runner as Node.js would from the pack's directory, so a workspace's
// hoisted node_modules is found as it is by `node` itself.
func runPolicyPack(ctx context.Context, node, dir string) (string, error) {
	resolve := exec.CommandContext(ctx, node, "-p",
		`require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [process.cwd()] })`)
	resolve.Dir = dir
	out, err := resolve.Output()
	if err != nil {
		return "", fmt.Errorf("@pulumi/pulumi/cmd/run-policy-pack cannot be resolved from %s; "+
			"install the policy pack's dependencies: %w", dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// typescript reads the runtime option of PulumiPolicy.yaml; like the full host, it defaults to on.
func typescript(info *pulumirpc.ProgramInfo) bool {
	if info.GetOptions() == nil {
		return true
	}
	v, ok := info.GetOptions().AsMap()["typescript"]
	if !ok {
		return true
	}
	b, isBool := v.(bool)
	return !isBool || b
}

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != string(apitype.AnalyzerPlugin) {
		return status.Errorf(codes.Unimplemented, "this host runs policy packs only, not %q plugins", req.GetKind())
	}
	ctx := server.Context()
	dir := req.GetInfo().GetProgramDirectory()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("node is not on PATH: %w", err)
	}
	runner, err := runPolicyPack(ctx, node, dir)
	if err != nil {
		return err
	}

	proxy, proxied, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	config, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration: %w", err)
	}

	env := append([]string{}, req.GetEnv()...)
	if typescript(req.GetInfo()) {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if config != nil {
		set := func(k, v string) {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		set("PULUMI_NODEJS_ORGANIZATION", config.GetOrganization())
		set("PULUMI_NODEJS_PROJECT", config.GetProject())
		set("PULUMI_NODEJS_STACK", config.GetStack())
		set("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.GetDryRun()))
		if config.GetConfig() != nil {
			b, err := json.Marshal(config.GetConfig())
			if err != nil {
				return err
			}
			set("PULUMI_CONFIG", string(b))
		}
	}

	// run-policy-pack takes the engine's arguments first and the program directory last.
	args := append(append([]string{runner}, req.GetArgs()...), dir)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = proxied, stderr
	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return fmt.Errorf("could not start the policy pack: %w", err)
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("the policy pack exited with code %d", exit.ExitCode())
		}
		return err
	}
	return closer.Close()
}

func main() {
	// The engine passes its address and, when set, its tracing and logging flags; -v and
	// -logtostderr are registered by the SDK's logger.
	flag.String("tracing", "", "tracing endpoint (ignored)")
	flag.Bool("logflow", false, "flow logging to plugins (ignored)")
	flag.String("root", "", "project root (ignored)")
	flag.Parse()

	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{})
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "language host stopped: %v\n", err)
		os.Exit(1)
	}
}
