import Documents

/// Loaded schema documents and the resources and anchors found in them.
final class SchemaRegistry {
    var documents: [String: JSONValue] = [:]
    /// Resource URI → the place of its root (before its `$id` is applied).
    var resources: [String: SchemaPlace] = [:]
    /// `uri#name` → anchor.
    var anchors: [String: AnchorEntry] = [:]
    /// Resource URI → dynamic anchor names declared in it.
    var dynamicAnchors: [String: [String]] = [:]

    /// Applies a schema object's `$schema` and `$id` to the place it sits at, giving the place "inside" it.
    func enter(_ value: JSONValue, _ place: SchemaPlace, metaSchemaDialect: (String, Dialect) -> Dialect) -> SchemaPlace {
        guard case .object(let object) = value.kind else { return place }
        var inside = place
        let isRoot = place.pointer.isEmpty
        if let idKeyword = place.dialect.idKeyword, let id = object[idKeyword]?.stringValue,
           !(place.dialect.refOverridesSiblings && object["$ref"] != nil) {
            let resolved = URIReference.resolve(id, against: place.baseURI)
            let (uri, fragment) = URIReference.split(resolved)
            if fragment.isEmpty || (place.dialect.kind == .draft4 && !id.hasPrefix("#")) {
                inside.baseURI = uri
                inside.resourceURI = uri
                inside.resourcePointer = []
            }
        }
        if let schema = object["$schema"]?.stringValue, isRoot || inside.resourcePointer.isEmpty {
            inside.dialect = metaSchemaDialect(schema, place.dialect)
        }
        return inside
    }

    /// Records every resource and anchor of a document.
    func scan(_ value: JSONValue, _ place: SchemaPlace, metaSchemaDialect: (String, Dialect) -> Dialect) {
        guard case .object(let object) = value.kind else { return }
        let inside = enter(value, place, metaSchemaDialect: metaSchemaDialect)
        if inside.resourcePointer.isEmpty && resources[inside.resourceURI] == nil {
            resources[inside.resourceURI] = place
        }
        if let idKeyword = place.dialect.idKeyword, place.dialect.kind == .draft4,
           let id = object[idKeyword]?.stringValue, object["$ref"] == nil {
            let resolved = URIReference.resolve(id, against: place.baseURI)
            let (uri, fragment) = URIReference.split(resolved)
            if !fragment.isEmpty && !fragment.hasPrefix("/") {
                anchors[uri + "#" + fragment] = AnchorEntry(place: place, isDynamic: false)
            }
        }
        if inside.dialect.isModern {
            if let name = object["$anchor"]?.stringValue {
                anchors[inside.resourceURI + "#" + name] = AnchorEntry(place: place, isDynamic: false)
            }
            if let name = object["$dynamicAnchor"]?.stringValue {
                let key = inside.resourceURI + "#" + name
                if anchors[key] == nil || anchors[key]?.isDynamic == true {
                    anchors[key] = AnchorEntry(place: place, isDynamic: true)
                }
                dynamicAnchors[inside.resourceURI, default: []].append(name)
            }
        }
        if inside.dialect.refOverridesSiblings && object["$ref"] != nil { return }
        for member in object {
            let key = member.key
            if SchemaKeywords.single.contains(key), member.value.objectValue != nil {
                scan(member.value, inside.child(key), metaSchemaDialect: metaSchemaDialect)
            } else if SchemaKeywords.list.contains(key), let items = member.value.arrayValue {
                for (index, item) in items.enumerated() {
                    scan(item, inside.child(key, String(index)), metaSchemaDialect: metaSchemaDialect)
                }
            } else if SchemaKeywords.map.contains(key), let map = member.value.objectValue {
                for entry in map where entry.value.objectValue != nil {
                    scan(entry.value, inside.child(key, entry.key), metaSchemaDialect: metaSchemaDialect)
                }
            }
        }
    }
}
