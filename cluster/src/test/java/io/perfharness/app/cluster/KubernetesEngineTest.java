package io.perfharness.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.perfharness.app.cli.ClusterMain;
import io.perfharness.harness.NoLeaks;
import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.process.Console;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.Signal;
import io.perfharness.harness.process.StopResult;
import io.perfharness.reports.AgentPart;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/**
 * {@code cluster run --engine kubernetes} against fabric8's mock API server in CRUD mode (no cluster is reachable from
 * here): the test plays the Job controller and the kubelet — it creates the agent pods, gives them logs (expectations:
 * CRUD mode serves no logs) and sets the Job's status.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesEngineTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    private Path kubeconfig;
    private Path scenario;

    @BeforeEach
    void files() throws Exception {
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, namespace: perf, user: mock}
                current-context: mock
                users:
                - name: mock
                  user: {token: secret}
                """.formatted(client.getConfiguration().getMasterUrl()));
        scenario = dir.resolve("s.yaml");
        // the service under test runs in the cluster: the scenario starts nothing here
        Files.writeString(scenario, """
                steps:
                  http:
                    load: {url: "http://web.perf.svc:8080/", duration: 2s, warmup: 0s, connections: 6, rate: 300}
                    gates: ["requests < %d"]
                """.formatted(2500));
    }

    private record Result(int code, String out, String err) {
    }

    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("cluster", "run", scenario.toString(), "http", "--agents", "3",
                "--engine", "kubernetes", "--kubeconfig", kubeconfig.toString(), "--image", "registry.example/perfharness:1",
                "--results", dir.toString(), "--start-delay", "1s"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = ClusterMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private Job awaitJob() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<Job> jobs = client.batch().v1().jobs().inNamespace("perf").list().getItems();
            if (!jobs.isEmpty()) {
                return jobs.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no job was created");
    }

    /** Creates agent pod {@code index} of {@code job} in {@code phase}, whose log is {@code log}. */
    private void pod(Job job, int index, String phase, Integer exitCode, String log) {
        String name = job.getMetadata().getName() + "-" + index + "-x" + index;
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("perf")
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .withAnnotations(Map.of(KubernetesEngine.INDEX_ANNOTATION, String.valueOf(index))).endMetadata()
                .withNewStatus().withPhase(phase)
                .withContainerStatuses(exitCode == null ? List.of() : List.of(new ContainerStatusBuilder().withName("agent")
                        .withNewState().withNewTerminated().withExitCode(exitCode).withReason("Error").endTerminated()
                        .endState().build()))
                .endStatus().build();
        client.pods().inNamespace("perf").resource(pod).create();
        server.expect().get().withPath("/api/v1/namespaces/perf/pods/" + name + "/log?pretty=false")
                .andReturn(200, log).always();
    }

    private void status(Job job, int succeeded, int failed) {
        Job j = client.batch().v1().jobs().inNamespace("perf").withName(job.getMetadata().getName()).get();
        j.setStatus(new JobStatusBuilder().withSucceeded(succeeded).withFailed(failed).build());
        client.batch().v1().jobs().inNamespace("perf").resource(j).updateStatus();
    }

    private boolean jobGone(Job job) {
        return client.batch().v1().jobs().inNamespace("perf").withName(job.getMetadata().getName()).get() == null;
    }

    @Test
    void dryRunPrintsTheIndexedJobWithSegmentStartDeadlineImageResourcesAndNodeSelector() {
        Result r = cli("--dry-run", "--namespace", "perf", "--cpu", "2", "--memory", "1Gi", "--node-selector",
                "pool=load", "--deadline", "10m");
        assertThat(r.code).as(r.err).isZero();
        Job job = new KubernetesSerialization().unmarshal(r.out, Job.class);
        assertThat(job.getMetadata().getName()).startsWith("perfharness-http-");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("perf");
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
        assertThat(job.getSpec().getParallelism()).isEqualTo(3);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "load"));
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/perfharness:1");
        assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo("2");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("1Gi");
        assertThat(c.getEnv()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("PERFHARNESS_AGENT_INDEX");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        });
        List<String> args = c.getArgs();
        assertThat(args.get(0)).isEqualTo("load");
        assertThat(args).contains("--connections=6", "--rate=300.0", "--duration=2s", "http://web.perf.svc:8080/",
                "--print-report");
        assertThat(args.get(args.indexOf("--segment") + 1)).isEqualTo("$(PERFHARNESS_AGENT_INDEX)/3");
        Instant startAt = Instant.parse(args.get(args.indexOf("--start-at") + 1));
        assertThat(startAt).isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(30));
    }

    @Test
    void runWaitsForTheJobCollectsEveryAgentsReportMergesJudgesTheGatesAndDeletesTheJob() throws Exception {
        Instant at = Instant.now();
        List<RunReport> agents = List.of(AgentLogs.report(0, 3, 1000, 800, at), AgentLogs.report(1, 3, 900, 900, at),
                AgentLogs.report(2, 3, 800, 1000, at));
        Path report = dir.resolve("merged.json");
        CompletableFuture<Job> controller = CompletableFuture.supplyAsync(() -> {
            try {
                Job job = awaitJob();
                for (int i = 0; i < 3; i++) {
                    pod(job, i, "Succeeded", 0, AgentLogs.log(agents.get(i)));
                }
                status(job, 3, 0);
                return job;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Result r = cli("--report", report.toString());
        Job job = controller.get(10, TimeUnit.SECONDS);

        // 2700 requests in all: the gate 'requests < 2500' fails on the merged result only (each agent made < 1000)
        assertThat(r.code).as(r.out + r.err).isEqualTo(1);
        assertThat(r.out).contains("FAILED").contains("requests < 2500").contains("agents: 3");
        RunReport merged = ReportFiles.read(report);
        assertThat(merged.requests()).isEqualTo(2700);
        assertThat(merged.step()).isEqualTo("http");
        assertThat(merged.agents()).extracting(AgentPart::segment).containsExactly("0/3", "1/3", "2/3");
        assertThat(merged.agents()).extracting(AgentPart::host).containsExactly("pod-0", "pod-1", "pod-2");
        assertThat(AgentPart.startSpreadMillis(merged.agents())).isEqualTo(2.0);
        assertThat(jobGone(job)).as("job deleted").isTrue();
        assertThat(r.out).contains("job perf/" + job.getMetadata().getName() + " deleted");
    }

    @Test
    void anAgentThatFailsMakesTheRunExit3WithItsLogTailAndTheJobIsDeleted() throws Exception {
        Instant at = Instant.now();
        CompletableFuture<Job> controller = CompletableFuture.supplyAsync(() -> {
            try {
                Job job = awaitJob();
                pod(job, 0, "Succeeded", 0, AgentLogs.log(AgentLogs.report(0, 3, 100, 800, at)));
                pod(job, 1, "Failed", 70, "perfharness: internal error\nboom: the agent fell over\n");
                pod(job, 2, "Running", null, "");
                status(job, 1, 1);
                return job;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Result r = cli();
        Job job = controller.get(10, TimeUnit.SECONDS);
        assertThat(r.code).as(r.out + r.err).isEqualTo(3);
        assertThat(r.err).contains("1 of 3 agents failed").contains("agent 1/3 (pod " + job.getMetadata().getName() + "-1-x1)")
                .contains("exited with code 70").contains("| boom: the agent fell over");
        assertThat(jobGone(job)).as("job deleted").isTrue();
    }

    @Test
    void agentsThatDoNotFinishByTheDeadlineFailTheRunAndTheJobIsDeleted() throws Exception {
        CompletableFuture<Job> controller = CompletableFuture.supplyAsync(() -> {
            try {
                Job job = awaitJob();
                pod(job, 0, "Pending", null, "");
                return job;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Result r = cli("--deadline", "2s");
        Job job = controller.get(10, TimeUnit.SECONDS);
        assertThat(r.code).as(r.out + r.err).isEqualTo(3);
        assertThat(r.err).contains("0 of 3 agents done after the deadline of 2 s").contains("Pending");
        assertThat(jobGone(job)).isTrue();
    }

    @Test
    void ctrlCDeletesTheJob() throws Exception {
        // the coordinator in a JVM of its own, interrupted by SIGINT while its agents run
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.perfharness.app.cli.ClusterMain", "cluster", "run", scenario.toString(), "http", "--agents", "3",
                "--engine", "kubernetes", "--kubeconfig", kubeconfig.toString(), "--results", dir.toString()));
        try (ManagedProcess coordinator = ManagedProcess.builder("coordinator").command(command)
                .readiness(Probes.none()).console(Console.silent()).logFile(dir.resolve("coordinator.log")).build()) {
            coordinator.start();
            Job job = awaitJob();
            for (int i = 0; i < 100 && !Files.readString(dir.resolve("coordinator.log")).contains("agents done"); i++) {
                Thread.sleep(100); // until it polls the job
            }
            StopResult stop = coordinator.stop(Signal.INT);
            assertThat(stop.exitCode()).isEqualTo(130);
            assertThat(Files.readString(dir.resolve("coordinator.log")))
                    .contains("SIGINT received").contains("job perf/" + job.getMetadata().getName() + " deleted");
            assertThat(jobGone(job)).as("job deleted").isTrue();
        }
        NoLeaks.assertNothingLeft(dir.toString());
    }

    @Test
    void anApiServerThatCannotBeReachedFailsTheRunNotAsABug() throws Exception {
        Files.writeString(kubeconfig, Files.readString(kubeconfig)
                .replace(client.getConfiguration().getMasterUrl().replaceAll("/$", ""), "http://127.0.0.1:9"));
        Result r = cli();
        assertThat(r.code).as(r.err).isEqualTo(3);
        assertThat(r.err).startsWith("perfharness: kubernetes: ");
    }

    @Test
    void aLoopbackUrlIsRefusedForPods() throws Exception {
        Files.writeString(scenario, """
                steps:
                  http:
                    load: {url: "http://127.0.0.1:8080/", duration: 2s, connections: 6}
                """);
        Result r = cli();
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("agents in pods cannot reach this machine's loopback");
    }
}
