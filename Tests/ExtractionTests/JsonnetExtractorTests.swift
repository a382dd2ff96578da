import XCTest
@testable import Extraction

final class JsonnetExtractorTests: XCTestCase {
    func testImageMapsOfGrafanaStyleLibrariesAreReferences() {
        let result = facts("consul/consul.libsonnet", """
        local k = import 'ksonnet-util/kausal.libsonnet';

        k {
          _config+:: {
            consul_replicas: 3,
            consul_exporter_timeout: '1s',
          },

          _images+:: {
            consul: 'consul:1.5.3',
            consulSidekick: 'weaveworks/consul-sidekick:master-f18ad13',
            // consulOld: 'consul:0.9',
            statsdExporter: "prom/statsd-exporter:v0.12.2",
          },

          local container = k.core.v1.container,
          consul_container::
            container.new('consul', $._images.consul),
        }
        """)
        assertRefs(result, [
            Ref(10, "jsonnet/image-map", "'consul:1.5.3'", lit("consul:1.5.3")),
            Ref(11, "jsonnet/image-map", "'weaveworks/consul-sidekick:master-f18ad13'", lit("weaveworks/consul-sidekick:master-f18ad13")),
            Ref(13, "jsonnet/image-map", "\"prom/statsd-exporter:v0.12.2\"", lit("prom/statsd-exporter:v0.12.2")),
        ])
        XCTAssertEqual(contexts(result), ["_images.consul", "_images.consulSidekick", "_images.statsdExporter"])
    }

    func testAnImageMapMayBeOneTermOfAnObjectSum() {
        let result = facts("prometheus-ksonnet/images.libsonnet", """
        local alertmanager_images = import 'alertmanager/images.libsonnet';
        {
          _images+::
            alertmanager_images +
            {
              watch: 'weaveworks/watch:master-0c44bf6',
              nginx: 'nginx:1.15.1-alpine',
            },
        }
        """)
        assertRefs(result, [
            Ref(6, "jsonnet/image-map", "'weaveworks/watch:master-0c44bf6'", lit("weaveworks/watch:master-0c44bf6")),
            Ref(7, "jsonnet/image-map", "'nginx:1.15.1-alpine'", lit("nginx:1.15.1-alpine")),
        ])
    }

    func testKubePrometheusValuesComputeTheTagAndStayUnresolved() {
        let result = facts("jsonnet/kube-prometheus/main.libsonnet", """
        {
          values:: {
            common: {
              namespace: 'default',
              versions: {
                alertmanager: error 'must provide version',
              } + (import 'versions.json'),
              images: {
                alertmanager: 'quay.io/prometheus/alertmanager:v' + $.values.common.versions.alertmanager,
                grafana: 'grafana/grafana:' + $.values.common.versions.grafana,
              },
            },
            alertmanager: {
              name: 'main',
              image: $.values.common.images.alertmanager,
            },
            thanos: {
              baseImage: 'quay.io/thanos/thanos',
              image: 'quay.io/thanos/thanos:v0.19.0',
            },
          },
        }
        """)
        assertRefs(result, [
            Ref(9, "jsonnet/image-map", "'quay.io/prometheus/alertmanager:v' + $.values.common.versions.alertmanager",
                .unresolved(reason: "the tag is computed by jsonnet ('quay.io/prometheus/alertmanager:v' + $.values.common.versions.alertmanager); jsonnet is not evaluated")),
            Ref(10, "jsonnet/image-map", "'grafana/grafana:' + $.values.common.versions.grafana",
                .unresolved(reason: "the tag is computed by jsonnet ('grafana/grafana:' + $.values.common.versions.grafana); jsonnet is not evaluated")),
            Ref(19, "jsonnet/image", "'quay.io/thanos/thanos:v0.19.0'", lit("quay.io/thanos/thanos:v0.19.0")),
        ])
        XCTAssertEqual(contexts(result), [
            "values.common.images.alertmanager", "values.common.images.grafana", "values.thanos.image",
        ])
    }

    func testSameFileLocalsAndLiteralConcatenationsResolve() {
        let result = facts("environments/prod/main.jsonnet", """
        local registry = 'registry.example.com/platform';
        local version = '2.4.1';
        local agentImage = registry + '/agent:' + version;
        {
          agent: {
            image: agentImage,
            sidecarImage: registry + '/sidecar:' + version + '-alpine',
            helper_image: 'busybox' + ':' + '1.36',
          },
        }
        """)
        assertRefs(result, [
            Ref(6, "jsonnet/image", "agentImage", lit("registry.example.com/platform/agent:2.4.1")),
            Ref(7, "jsonnet/image", "registry + '/sidecar:' + version + '-alpine'", lit("registry.example.com/platform/sidecar:2.4.1-alpine")),
            Ref(8, "jsonnet/image", "'busybox' + ':' + '1.36'", lit("busybox:1.36")),
        ])
    }

    func testALocalAnotherBindingCouldShadowIsNotUsed() {
        // `version` is both a local and a parameter; `tag` is bound twice: neither is determined by the file.
        let result = facts("lib/app.libsonnet", """
        local version = '1.0.0';
        local tag = 'a';
        local tag = 'b';
        {
          new(version):: {
            image: 'registry.example.com/app:' + version,
          },
          other: {
            image: 'registry.example.com/other:' + tag,
          },
        }
        """)
        assertRefs(result, [
            Ref(6, "jsonnet/image", "'registry.example.com/app:' + version",
                .unresolved(reason: "the tag is computed by jsonnet ('registry.example.com/app:' + version); jsonnet is not evaluated")),
            Ref(9, "jsonnet/image", "'registry.example.com/other:' + tag",
                .unresolved(reason: "the tag is computed by jsonnet ('registry.example.com/other:' + tag); jsonnet is not evaluated")),
        ])
    }

    func testParameterDefaultsAndContainerCallsNameImages() {
        let result = facts("node-exporter/main.libsonnet", """
        local k = import 'k.libsonnet';
        local container = k.core.v1.container;
        {
          new(name='node-exporter', image='prom/node-exporter:v1.3.1'):: {
            container::
              container.new('node-exporter', image)
              + container.withImage('prom/node-exporter:v1.8.0'),
            sidecar::
              container.new('sidecar', 'quay.io/org/sidecar:2.0'),
            named::
              k.util.container(name='x', image='quay.io/org/named:3.1'),
          },
        }
        """)
        assertRefs(result, [
            Ref(4, "jsonnet/parameter-default", "'prom/node-exporter:v1.3.1'", lit("prom/node-exporter:v1.3.1")),
            Ref(7, "jsonnet/argument", "'prom/node-exporter:v1.8.0'", lit("prom/node-exporter:v1.8.0")),
            Ref(9, "jsonnet/argument", "'quay.io/org/sidecar:2.0'", lit("quay.io/org/sidecar:2.0")),
            Ref(11, "jsonnet/argument", "'quay.io/org/named:3.1'", lit("quay.io/org/named:3.1")),
        ])
        XCTAssertEqual(contexts(result), [
            "new(image)", "container.withImage(image)", "sidecar.container.new(image)", "named.container(image)",
        ])
    }

    func testLookAlikesAreNotReferences() {
        let result = facts("lib/look-alikes.libsonnet", """
        {
          image: error 'must provide image',
          kubeRbacProxyImage:: error 'must provide kubeRbacProxyImage',
          windowsImage: 'ghcr.io/prometheus-community/windows-exporter',
          imagePullPolicy: 'Always',
          bootImage: 'ubuntu-latest',
          nodeImage: 'Release',
          images: {
            resolution: '1920x1080',
            docs: 'https://example.com/images/logo:1',
          },
          config: { image: 'quay.io/org/config:1' }.image,
          fmt: { image: '%s/%s:%s' % ['quay.io', 'org/app', '1.0'] },
          text: |||
            image: 'nginx:1.27'
          |||,
          local comment = 'image: nginx:1.25',
          container: { name: 'x', image: $._images.app },
          [std.format('%sImage', 'x')]: 'quay.io/org/computed:1',
          unknownRegistry: { image: registry + '/app:1.0' },
        }
        """)
        assertRefs(result, [Ref(12, "jsonnet/image", "'quay.io/org/config:1'", lit("quay.io/org/config:1"))])
    }

    func testJsonnetFilesAreCandidatesByName() {
        XCTAssertEqual(FileKind.classify(path: "jsonnet/kube-prometheus/main.libsonnet"), .jsonnet)
        XCTAssertEqual(FileKind.classify(path: "environments/default/main.jsonnet"), .jsonnet)
        XCTAssertNil(FileKind.classify(path: "jsonnetfile.json"))
        XCTAssertNil(FileKind.classify(path: "vendor/lib.jsonnet.md"))
    }

    func testASpentBudgetKeepsWhatWasFoundAndWarns() {
        let text = "{\n" + String(repeating: "  _images+:: { a: 'nginx:1.27' },\n", count: 2000) + "}\n"
        let budget = ExtractionBudget(steps: 5000)
        let result = Extractors.facts(path: "big.libsonnet", kind: .jsonnet, bytes: Array(text.utf8), budget: budget)
        XCTAssertTrue(budget.isExhausted)
        XCTAssertFalse(result.warnings.isEmpty)
        XCTAssertLessThan(result.references.count, 2000)
    }
}
