package io.perfharness.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.perfharness.app.cluster.KubernetesEngine;
import picocli.CommandLine.Option;

/** Where {@code cluster run --engine kubernetes} runs its agents. */
final class KubernetesOptions {

    @Option(names = "--image", paramLabel = "IMAGE", order = 110, defaultValue = "perfharness:latest",
            description = "kubernetes: the agent image, built from deploy/Dockerfile (default: ${DEFAULT-VALUE})")
    String image;

    @Option(names = "--namespace", paramLabel = "NS", order = 111,
            description = "kubernetes: the namespace of the Job (default: the kubeconfig context's)")
    String namespace;

    @Option(names = "--cpu", paramLabel = "CPU", order = 112,
            description = "kubernetes: CPU request and limit of each agent, e.g. 2 or 500m (default: none)")
    String cpu;

    @Option(names = "--memory", paramLabel = "SIZE", order = 113,
            description = "kubernetes: memory request and limit of each agent, e.g. 1Gi (default: none)")
    String memory;

    @Option(names = "--node-selector", paramLabel = "LABEL=VALUE", order = 114,
            description = "kubernetes: a node label every agent pod requires, repeatable")
    Map<String, String> nodeSelector = new LinkedHashMap<>();

    @Option(names = "--kubeconfig", paramLabel = "FILE", order = 115,
            description = "kubernetes: the kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", order = 116,
            description = "kubernetes: the kubeconfig context (default: its current one)")
    String context;

    /** @return the engine these options describe, polling the Job every {@code poll} */
    KubernetesEngine engine(Duration poll) {
        return new KubernetesEngine(new KubernetesEngine.Settings(image, namespace, cpu, memory, nodeSelector, poll),
                this::client);
    }

    private KubernetesClient client() {
        Config config = kubeconfig != null ? Config.fromKubeconfig(context, kubeconfig.toFile())
                : Config.autoConfigure(context);
        // an API server that does not answer fails the run within seconds, not after fabric8's ten retries
        config.setRequestRetryBackoffLimit(2);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
