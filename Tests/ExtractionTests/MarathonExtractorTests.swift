import XCTest
@testable import Extraction

final class MarathonExtractorTests: XCTestCase {
    func testSingleAppDefinitionsDockerImage() {
        let result = facts("deploy/marathon.json", """
        {
          "id": "/shop/web",
          "cpus": 0.5,
          "mem": 512,
          "instances": 2,
          "container": {
            "type": "DOCKER",
            "docker": {
              "image": "registry.example.com/shop/web:1.8.3",
              "forcePullImage": true
            },
            "portMappings": [{"containerPort": 8080}]
          }
        }
        """)
        assertRefs(result, [Ref(9, MarathonExtractor.kind, "registry.example.com/shop/web:1.8.3", lit("registry.example.com/shop/web:1.8.3"))])
        XCTAssertEqual(contexts(result), ["app /shop/web container.docker.image"])
    }

    func testGroupsAppsAndListsOfApps() {
        let group = facts("deploy/marathon-production.json", """
        {
          "id": "/platform",
          "apps": [
            {"id": "api", "container": {"type": "MESOS", "docker": {"image": "acme/api:{{VERSION}}"}}}
          ],
          "groups": [
            {"id": "/platform/db", "apps": [{"id": "redis", "container": {"docker": {"image": "redis:7.2"}}}]}
          ]
        }
        """)
        assertRefs(group, [
            Ref(4, MarathonExtractor.kind, "acme/api:{{VERSION}}",
                .unresolved(reason: "template placeholder is filled by the tool that deploys the app")),
            Ref(7, MarathonExtractor.kind, "redis:7.2", lit("redis:7.2")),
        ])
        XCTAssertEqual(contexts(group), ["app api container.docker.image", "app redis container.docker.image"])

        let list = facts("apps.marathon.json", #"[{"id": "a", "container": {"docker": {"image": "nginx:1.27"}}}]"#)
        assertRefs(list, [Ref(1, MarathonExtractor.kind, "nginx:1.27", lit("nginx:1.27"))])
    }

    func testPodContainersOfKindDockerAreImages() {
        let result = facts("deploy/pods.marathon.json", """
        {
          "id": "/edge",
          "pods": [
            {
              "id": "/edge/proxy",
              "containers": [
                {"name": "envoy", "resources": {"cpus": 0.1, "mem": 64}, "image": {"kind": "DOCKER", "id": "envoyproxy/envoy:v1.31.0"}},
                {"name": "bundle", "image": {"kind": "APPC", "id": "example.com/bundle:1"}}
              ]
            }
          ]
        }
        """)
        assertRefs(result, [Ref(7, MarathonExtractor.podKind, "envoyproxy/envoy:v1.31.0", lit("envoyproxy/envoy:v1.31.0"))])
        XCTAssertEqual(contexts(result), ["pod /edge/proxy containers[envoy].image.id"])
    }

    func testJSONThatIsNotAMarathonAppHasNoImages() {
        // No app `id`: a settings file that happens to have the same shape of keys.
        assertRefs(facts("marathon.json", #"{"container": {"docker": {"image": "nginx:1.27"}}}"#), [])
        // A file not named for Marathon is not read, whatever it holds.
        XCTAssertNil(FileKind.classify(path: "deploy/app.json"))
        XCTAssertNil(FileKind.classify(path: "package.json"))
        XCTAssertNil(FileKind.classify(path: "marathon.json.example"))
    }

    func testBrokenJSONWarnsWithItsLine() {
        let result = facts("marathon.json", "{\n  \"id\": \"/a\",\n  \"instances\": {{COUNT}}\n}\n")
        assertRefs(result, [])
        XCTAssertEqual(result.warnings.first?.line, 3)
    }

    func testNamesThatSayMarathon() {
        for path in ["marathon.json", "ops/marathon-staging.json", "marathon_app.json", "marathon.prod.json",
                     "svc/web.marathon.json", "web-marathon.json"] {
            XCTAssertEqual(FileKind.classify(path: path), .marathon, path)
        }
        XCTAssertNil(FileKind.classify(path: "marathonite.json"))
        // The name alone decides (tree listings are shared by every path of a tree): not the folder.
        XCTAssertNil(FileKind.classify(path: "deploy/marathon/web.json"))
    }
}
