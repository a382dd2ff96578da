/// Helm named templates across files: a template's `{{helm/define:<name>}}` is defined by the chart's
/// helpers file (found through the chart's `values.yaml`, which both include), and a helper's
/// `.Values.a | default X` is the chart's value, or `X` when the chart's values do not set it.
/// What the helpers' own reading cannot carry (and every action written in a template that is not a
/// plain lookup) is rendered by `HelmRenderer` with the chart's default values.
extension DefinitionIndex {
    /// The outcomes of a Helm helper name, or `nil` when `namespace` is not one of the helpers'.
    func helmLookup(namespace: String, name: String, from path: String, depth: Int) -> [Expansion]? {
        switch namespace {
        case HelmTemplate.renderNamespace:
            let parts = name.components(separatedBy: HelmTemplate.renderSeparator).map(HelmTemplate.unescaped)
            guard let template = parts.last else { return [.failure("an empty Helm value")] }
            return [helmRender(prelude: Array(parts.dropLast()), template: template, from: path)]
        case HelmHelpersExtractor.defineNamespace:
            // The helpers' own reading first; what it cannot read is rendered with the chart's values.
            if case .success(let value) = lookup(namespace: namespace, name: name, from: path),
               !Self.isUnreadable(value) {
                return expand(value, from: path, depth: depth + 1)
            }
            return [helmRender(prelude: [], template: "{{ include \"\(name)\" . }}", from: path)]
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

    /// Whether a helper's reading is only the reason it could not be read.
    private static func isUnreadable(_ value: String) -> Bool {
        let markers = SymbolPlaceholder.find(in: value)
        return markers.count == 1 && markers[0].namespace == HelmHelpersExtractor.unreadableNamespace
            && markers[0].range == value.startIndex..<value.endIndex
    }

    /// One template action rendered by `HelmRenderer` with the default values of the chart the template
    /// at `path` belongs to, and the named templates of that chart's `templates/` folder.
    func helmRender(prelude: [String], template: String, from path: String) -> Expansion {
        guard let folder = HelmTemplate.chartFolder(ofTemplate: path) else {
            return .failure("a Helm action outside a chart's templates")
        }
        let prefix = folder.isEmpty ? "" : folder + "/"
        let templates = prefix + "templates/"
        let helpers = ([path] + neighbours(of: path)).filter { $0.hasPrefix(templates) }
        let renderer = HelmRenderer { name in
            // Helm loads the templates of a chart and of its subcharts into one set: the chart's own first,
            // then those of every chart vendored in the same tree. Two different bodies are not guessed between.
            var bodies = Set(helpers.flatMap { definitions(HelmHelpersExtractor.sourceNamespace, name, in: $0) })
            if bodies.isEmpty {
                bodies = Set(helmTreeHelpers(of: folder).flatMap { definitions(HelmHelpersExtractor.sourceNamespace, name, in: $0) })
            }
            switch bodies.count {
            case 0: return .failure(ResolutionFailure(reason: "named template \(name) is not defined in the chart's templates "
                + "(nor in a subchart vendored under its charts/ folder)"))
            case 1: return .success(bodies.first ?? "")
            default: return .failure(ResolutionFailure(reason: "named template \(name) is defined differently in \(bodies.count) files of the chart"))
            }
        }
        let values: HelmValue
        switch chartValues(folder: folder, depth: 0) {
        case .success(let read): values = read
        case .failure(let failure): return .failure(failure.reason)
        }
        var chart: [String: String] = [:]
        for (field, name) in [("AppVersion", "appVersion"), ("Version", "version"), ("Name", "name")] {
            chart[field] = definitions(HelmTemplate.chartNamespace, name, in: prefix + "Chart.yaml").last
        }
        do {
            let text = try renderer.render(prelude: prelude, template: template,
                                           context: HelmRenderer.rootContext(values: values, chart: chart))
            guard let image = HelmRenderer.image(in: text) else {
                return .failure("\(HelmHelpersExtractor.sanitized(Substring(template))) does not render one image reference with the chart's values")
            }
            return .value(image)
        } catch {
            return .failure("\(HelmHelpersExtractor.sanitized(Substring(template))): \(error.reason)")
        }
    }

    /// The helpers files of every chart in the tree the chart at `folder` belongs to: its topmost parent
    /// (`a/charts/b/charts/c` → `a`, while each parent has a `Chart.yaml`) and every chart vendored under it.
    private func helmTreeHelpers(of folder: String) -> [String] {
        var root = folder
        while true {
            let components = root.split(separator: "/").map(String.init)
            guard components.count >= 2, components[components.count - 2] == "charts" else { break }
            let parent = components.dropLast(2).joined(separator: "/")
            guard files[(parent.isEmpty ? "" : parent + "/") + "Chart.yaml"] != nil else { break }
            root = parent
        }
        if let known = helmValues.treeHelpers[root] { return known }
        let prefix = root.isEmpty ? "" : root + "/"
        let found = files.keys.filter { path in
            guard path.hasPrefix(prefix) else { return false }
            let relative = path.dropFirst(prefix.count)
            return (relative.hasPrefix("templates/") || relative.hasPrefix("charts/")) && path.contains("/templates/")
                && (files[path]?.definitions.contains { $0.namespace == HelmHelpersExtractor.sourceNamespace } ?? false)
        }.sorted()
        helmValues.treeHelpers[root] = found
        return found
    }

    /// The default values of the chart at `folder`: its `values.yaml`, and for a subchart
    /// (`parent/charts/name`) the parent's `name:` section and `global:` merged over it, as Helm merges them.
    private func chartValues(folder: String, depth: Int) -> Result<HelmValue, ResolutionFailure> {
        if let known = helmValues.values[folder] { return known }
        let read = readChartValues(folder: folder, depth: depth)
        helmValues.values[folder] = read
        return read
    }

    private func readChartValues(folder: String, depth: Int) -> Result<HelmValue, ResolutionFailure> {
        let valuesPath = (folder.isEmpty ? "" : folder + "/") + "values.yaml"
        var values = HelmValue.map([:])
        if let stored = definitions(HelmValuesExtractor.documentNamespace, "", in: valuesPath).last {
            guard let read = HelmValue.fromStored(stored) else { return .failure(ResolutionFailure(reason: "census could not read back \(valuesPath)")) }
            values = read
        } else if let reason = definitions(HelmValuesExtractor.unreadableNamespace, "", in: valuesPath).last {
            return .failure(ResolutionFailure(reason: reason))
        }
        let components = folder.split(separator: "/").map(String.init)
        guard components.count >= 2, components[components.count - 2] == "charts", depth < 8 else { return .success(values) }
        let parentFolder = components.dropLast(2).joined(separator: "/")
        guard files[(parentFolder.isEmpty ? "" : parentFolder + "/") + "Chart.yaml"] != nil else { return .success(values) }
        switch chartValues(folder: parentFolder, depth: depth + 1) {
        case .failure(let failure): return .failure(failure)
        case .success(let parent):
            let name = components[components.count - 1]
            var merged = HelmValue.merged(parent.fieldOrNull(name), over: values)
            let global = HelmValue.merged(parent.fieldOrNull("global"), over: merged.fieldOrNull("global"))
            if case .map(var entries) = merged, global != .null {
                entries["global"] = global
                merged = .map(entries)
            }
            return .success(merged)
        }
    }

    /// The chart's own definitions of a name, else the distinct ones of the files next to it.
    private func nearest(_ namespace: String, _ name: String, from path: String) -> [String] {
        let own = definitions(namespace, name, in: path)
        return own.last.map { [$0] } ?? Array(Set(neighbours(of: path).flatMap { definitions(namespace, name, in: $0) }))
    }
}

/// The default values of the charts of one branch, by chart folder, and the helpers of each chart tree,
/// as `DefinitionIndex` renders with them.
final class HelmValuesCache {
    var values: [String: Result<HelmValue, ResolutionFailure>] = [:]
    /// The helpers files of each chart tree, by its topmost chart folder.
    var treeHelpers: [String: [String]] = [:]
}
