/// Helm named templates across files: a template's `{{helm/define:<name>}}` is defined by the chart's
/// helpers file (found through the chart's `values.yaml`, which both include), and a helper's
/// `.Values.a | default X` is the chart's value, or `X` when the chart's values do not set it.
extension DefinitionIndex {
    /// The outcomes of a Helm helper name, or `nil` when `namespace` is not one of the helpers'.
    func helmLookup(namespace: String, name: String, from path: String, depth: Int) -> [Expansion]? {
        switch namespace {
        case HelmHelpersExtractor.unreadableNamespace:
            return [.failure(name)]
        case HelmHelpersExtractor.valueDefaultNamespace:
            let valuePath = HelmHelpersExtractor.defaultedPath(name)
            let fallback = String(name.dropFirst(valuePath.count + 2))
            // Only the chart's own values count: another chart's value is not what `default` tests.
            let own = definitions(HelmTemplate.valueNamespace, valuePath, in: path)
            let near = own.last.map { [$0] } ?? Array(Set(neighbours(of: path).flatMap {
                definitions(HelmTemplate.valueNamespace, valuePath, in: $0)
            }))
            switch near.count {
            case 0: return expand(fallback, from: path, depth: depth + 1)
            case 1: return expand(near[0], from: path, depth: depth + 1)
            default: return [.failure("\(valuePath) has \(near.count) different values in the files this one includes or is included by")]
            }
        case HelmHelpersExtractor.trimSuffixNamespace, HelmHelpersExtractor.trimPrefixNamespace:
            // The name's placeholders are already expanded here: trim the value they gave.
            guard let separator = name.range(of: "||") else { return [.failure("a Helm trim census could not carry")] }
            let affix = String(name[..<separator.lowerBound]), value = String(name[separator.upperBound...])
            return [.value(HelmHelpersExtractor.trimmed(value, affix, suffix: namespace == HelmHelpersExtractor.trimSuffixNamespace))]
        case HelmHelpersExtractor.conditionNamespace:
            let parts = HelmHelpersExtractor.topLevelSplit(name)
            guard parts.count == 3 else { return [.failure("a Helm condition census could not carry")] }
            let truths = nearest(HelmValuesExtractor.truthNamespace, parts[0], from: path)
            let incomplete = !nearest(HelmValuesExtractor.truthNamespace, "", from: path).isEmpty
            switch truths.count {
            case 0 where incomplete:
                return [.failure("values.yaml has too many values for census to read the condition .Values.\(parts[0])")]
            case 0: return expand(parts[2], from: path, depth: depth + 1)
            case 1 where truths[0] == "true": return expand(parts[1], from: path, depth: depth + 1)
            case 1 where truths[0] == "false": return expand(parts[2], from: path, depth: depth + 1)
            case 1: return [.failure(".Values.\(parts[0]) is yes/no/on/off, which YAML parsers read differently")]
            default: return [.failure("\(parts[0]) has \(truths.count) different values in the files this one includes or is included by")]
            }
        default:
            return nil
        }
    }

    /// The chart's own definitions of a name, else the distinct ones of the files next to it.
    private func nearest(_ namespace: String, _ name: String, from path: String) -> [String] {
        let own = definitions(namespace, name, in: path)
        return own.last.map { [$0] } ?? Array(Set(neighbours(of: path).flatMap { definitions(namespace, name, in: $0) }))
    }
}
