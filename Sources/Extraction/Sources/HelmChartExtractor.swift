/// Helm `Chart.yaml`: no images of its own, but defines `helm/chart:appVersion` and
/// `helm/chart:version` and `helm/chart:name` for the chart's templates (`{{ .Chart.AppVersion }}`).
enum HelmChartExtractor {
    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            for (field, name) in [("appVersion", "appVersion"), ("version", "version"), ("name", "name")] {
                if let value = root[field], let text = value.string, !text.isEmpty {
                    collector.define(namespace: HelmTemplate.chartNamespace, name: name, value: text, line: value.line)
                }
            }
        }
        return collector.facts
    }
}
