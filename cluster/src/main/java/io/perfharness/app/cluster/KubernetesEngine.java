package io.perfharness.app.cluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.perfharness.app.run.Interruption;

/**
 * The agents as one Kubernetes Indexed Job ({@code completionMode: Indexed}, {@code completions = parallelism = N}):
 * pod I runs {@code perfharness load ... --segment I/N} from the agent image, its index taken from the
 * {@code batch.kubernetes.io/job-completion-index} annotation. Any pod that fails fails the Job
 * ({@code backoffLimit: 0}): a retried agent would start late and load twice. The engine creates the Job, polls its
 * status until every index succeeded (or one failed, or the deadline passed), reads each pod's log, where the agent
 * printed its report ({@link io.perfharness.app.run.FramedReport}), and deletes the Job with its pods — also on
 * SIGINT/SIGTERM. {@code activeDeadlineSeconds} and {@code ttlSecondsAfterFinished} clean up after a coordinator
 * that was killed outright.
 */
public final class KubernetesEngine implements AgentEngine {
    /** The annotation (and, from Kubernetes 1.28, label) by which an Indexed Job gives each pod its index. */
    static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
    /** The label on every agent pod: the run's name. */
    static final String RUN_LABEL = "perfharness.io/run";
    /** The agent container's environment variable that holds its index, expanded in its arguments. */
    static final String INDEX_VARIABLE = "PERFHARNESS_AGENT_INDEX";
    /** Where an agent keeps its own report files inside its container. */
    static final String AGENT_RESULTS = "/tmp/perf-results";

    /**
     * Where and how the agent pods run.
     *
     * @param image        the agent image (built from {@code deploy/Dockerfile}); its entrypoint runs perfharness
     * @param namespace    the namespace of the Job, or {@code null} for the client's (kubeconfig's) own
     * @param cpu          CPU request and limit of each agent ({@code 2}, {@code 500m}), or {@code null} for none
     * @param memory       memory request and limit of each agent ({@code 1Gi}), or {@code null} for none
     * @param nodeSelector node labels every agent pod requires, may be empty
     * @param poll         how often the Job's status is read
     */
    public record Settings(String image, String namespace, String cpu, String memory, Map<String, String> nodeSelector,
                           Duration poll) {
        public Settings {
            Objects.requireNonNull(image, "image");
            nodeSelector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        }
    }

    private final Settings settings;
    private final Supplier<KubernetesClient> clients;

    /**
     * @param clients makes the client when the agents run (not for {@link #describe}, which needs no cluster)
     */
    public KubernetesEngine(Settings settings, Supplier<KubernetesClient> clients) {
        this.settings = settings;
        this.clients = clients;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** @return the Job's manifest, YAML, for {@code kubectl apply -f} */
    @Override
    public String describe(AgentPlan plan) {
        return new KubernetesSerialization().asYaml(job(plan));
    }

    /** @return the Indexed Job that runs {@code plan}'s agents */
    Job job(AgentPlan plan) {
        EnvVar index = new EnvVarBuilder().withName(INDEX_VARIABLE).withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.annotations['" + INDEX_ANNOTATION + "']").endFieldRef().endValueFrom().build();
        Map<String, Quantity> resources = new LinkedHashMap<>();
        if (settings.cpu() != null) {
            resources.put("cpu", new Quantity(settings.cpu()));
        }
        if (settings.memory() != null) {
            resources.put("memory", new Quantity(settings.memory()));
        }
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "perfharness-agent", RUN_LABEL, plan.name());
        return new JobBuilder()
                .withNewMetadata().withName(plan.name()).withNamespace(settings.namespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed").withCompletions(plan.agents()).withParallelism(plan.agents())
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(Math.max(1, plan.deadline().toSeconds()))
                .withTtlSecondsAfterFinished(600)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeSelector(settings.nodeSelector().isEmpty() ? null : settings.nodeSelector())
                .addNewContainer()
                .withName("agent").withImage(settings.image())
                .withArgs(plan.agentArgs("$(" + INDEX_VARIABLE + ")", AGENT_RESULTS))
                .withEnv(index)
                .withResources(resources.isEmpty() ? null
                        : new ResourceRequirementsBuilder().withRequests(resources).withLimits(resources).build())
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** @throws AgentFailedException also when the Kubernetes API cannot be reached or refuses (exit 3, not a bug) */
    @Override
    public List<AgentOutput> run(AgentPlan plan, PrintStream out) {
        try {
            return runJob(plan, out);
        } catch (KubernetesClientException e) {
            throw new AgentFailedException("kubernetes: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
    }

    private List<AgentOutput> runJob(AgentPlan plan, PrintStream out) {
        long deadline = System.nanoTime() + plan.deadline().toNanos();
        KubernetesClient client = clients.get();
        String ns = settings.namespace() != null ? settings.namespace() : client.getNamespace();
        Job job = job(plan);
        job.getMetadata().setNamespace(ns);
        // a signal deletes the job, also one that comes while it is being created: the deletion waits for the creation
        Object creating = new Object();
        Runnable deleteOnSignal = () -> {
            synchronized (creating) {
                delete(client, ns, plan.name(), out);
            }
        };
        try (AutoCloseable onSignal = Interruption.onRequest(deleteOnSignal)) {
            synchronized (creating) {
                client.batch().v1().jobs().inNamespace(ns).resource(job).create();
            }
            out.printf(Locale.ROOT, "   job %s/%s created: %d agents of %s%n", ns, plan.name(), plan.agents(), settings.image());
            try {
                await(client, ns, plan, deadline, out);
                return collect(client, ns, plan);
            } finally {
                delete(client, ns, plan.name(), out);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void await(KubernetesClient client, String ns, AgentPlan plan, long deadline, PrintStream out) {
        int reported = -1;
        while (true) {
            Job j = client.batch().v1().jobs().inNamespace(ns).withName(plan.name()).get();
            if (j == null) {
                throw new AgentFailedException("job " + ns + "/" + plan.name() + " disappeared while its agents ran"
                        + " (deleted by someone else?)");
            }
            JobStatus s = j.getStatus();
            int succeeded = s == null || s.getSucceeded() == null ? 0 : s.getSucceeded();
            int failed = s == null || s.getFailed() == null ? 0 : s.getFailed();
            if (failed > 0 || condition(s, "Failed")) {
                throw failure(client, ns, plan, failed, s);
            }
            if (succeeded != reported) {
                out.printf(Locale.ROOT, "   job %s: %d of %d agents done%n", plan.name(), succeeded, plan.agents());
                reported = succeeded;
            }
            if (succeeded >= plan.agents() || condition(s, "Complete")) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AgentFailedException("job " + ns + "/" + plan.name() + ": " + succeeded + " of " + plan.agents()
                        + " agents done after the deadline of " + plan.deadline().toSeconds() + " s; deleted the job"
                        + pendingPods(client, ns, plan));
            }
            try {
                Thread.sleep(settings.poll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentFailedException("interrupted while waiting for job " + plan.name() + "; deleted it");
            }
        }
    }

    private static boolean condition(JobStatus s, String type) {
        if (s == null || s.getConditions() == null) {
            return false;
        }
        for (JobCondition c : s.getConditions()) {
            if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    private AgentFailedException failure(KubernetesClient client, String ns, AgentPlan plan, int failed, JobStatus s) {
        StringBuilder sb = new StringBuilder("job " + ns + "/" + plan.name() + " failed");
        if (s != null && s.getConditions() != null) {
            s.getConditions().stream().filter(c -> "Failed".equals(c.getType()) && c.getReason() != null)
                    .findFirst().ifPresent(c -> sb.append(" (").append(c.getReason())
                            .append(c.getMessage() == null ? "" : ": " + c.getMessage()).append(')'));
        }
        sb.append(": ").append(failed).append(" of ").append(plan.agents()).append(" agents failed");
        for (Pod p : pods(client, ns, plan)) {
            if (!"Failed".equals(p.getStatus() == null ? null : p.getStatus().getPhase())) {
                continue;
            }
            String name = p.getMetadata().getName();
            sb.append("\n  agent ").append(index(p)).append('/').append(plan.agents()).append(" (pod ").append(name)
                    .append(")").append(exit(p)).append("; last lines of its log:");
            sb.append(new AgentOutput(index(p), "pod " + name, log(client, ns, name)).tail(20));
        }
        return new AgentFailedException(sb.toString());
    }

    private static String exit(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return "";
        }
        for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
            ContainerStateTerminated t = c.getState() == null ? null : c.getState().getTerminated();
            if (t != null) {
                return " exited with code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")");
            }
        }
        return "";
    }

    private String pendingPods(KubernetesClient client, String ns, AgentPlan plan) {
        StringBuilder sb = new StringBuilder();
        for (Pod p : pods(client, ns, plan)) {
            String phase = p.getStatus() == null ? "unknown" : p.getStatus().getPhase();
            if (!"Succeeded".equals(phase)) {
                sb.append("\n  agent ").append(index(p)).append(" (pod ").append(p.getMetadata().getName()).append("): ")
                        .append(phase);
            }
        }
        return sb.toString();
    }

    private List<AgentOutput> collect(KubernetesClient client, String ns, AgentPlan plan) {
        Map<Integer, Pod> byIndex = new java.util.TreeMap<>();
        for (Pod p : pods(client, ns, plan)) {
            if ("Succeeded".equals(p.getStatus() == null ? null : p.getStatus().getPhase()) && index(p) >= 0) {
                byIndex.put(index(p), p);
            }
        }
        List<AgentOutput> outputs = new ArrayList<>();
        for (int i = 0; i < plan.agents(); i++) {
            Pod p = byIndex.get(i);
            if (p == null) {
                throw new AgentFailedException("job " + ns + "/" + plan.name() + " completed but no succeeded pod of agent "
                        + i + " is left to read its report from");
            }
            String name = p.getMetadata().getName();
            outputs.add(new AgentOutput(i, "pod " + name, log(client, ns, name)));
        }
        return outputs;
    }

    private static List<Pod> pods(KubernetesClient client, String ns, AgentPlan plan) {
        List<Pod> pods = new ArrayList<>(client.pods().inNamespace(ns).withLabel(RUN_LABEL, plan.name()).list().getItems());
        pods.sort(Comparator.comparingInt(KubernetesEngine::index));
        return pods;
    }

    private static int index(Pod p) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(INDEX_ANNOTATION);
        try {
            return v == null ? -1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> log(KubernetesClient client, String ns, String pod) {
        try {
            String log = client.pods().inNamespace(ns).withName(pod).getLog();
            return log == null ? List.of() : log.lines().toList();
        } catch (KubernetesClientException e) {
            return List.of("(its log cannot be read: " + e.getMessage() + ")");
        }
    }

    private static void delete(KubernetesClient client, String ns, String name, PrintStream out) {
        try {
            client.batch().v1().jobs().inNamespace(ns).withName(name)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
            out.println("   job " + ns + "/" + name + " deleted");
        } catch (KubernetesClientException e) {
            out.println("   job " + ns + "/" + name + " could not be deleted: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")")
                    + " (kubectl delete job -n " + ns + " " + name + ")");
        }
    }
}
