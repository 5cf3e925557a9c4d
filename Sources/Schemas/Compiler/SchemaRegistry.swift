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
        // A document root names its own dialect; an embedded resource is found by its parent's id keyword
        // and then switches. Either way the id is looked up under both dialects' spellings.
        let switched = object["$schema"]?.stringValue.map { metaSchemaDialect($0, place.dialect) }
        // The dialect in force, then the one `$schema` switches to (no array: this runs for every schema node).
        for candidate in 0..<2 {
            guard let dialect = candidate == 0 ? place.dialect : switched else { break }
            guard let idKeyword = dialect.idKeyword, let id = object[idKeyword]?.stringValue,
                  !(dialect.refOverridesSiblings && object["$ref"] != nil) else { continue }
            let resolved = URIReference.resolve(id, against: place.baseURI)
            let (uri, fragment) = URIReference.split(resolved)
            if fragment.isEmpty || (dialect.idFragmentsAreAnchors && !id.hasPrefix("#")) {
                inside.enterResource(uri)
            }
            break
        }
        if let switched, place.path.count == 0 || inside.isResourceRoot {
            inside.dialect = switched
        }
        return inside
    }

    /// Records every resource and anchor of a document (iteratively: deep documents cannot exhaust the stack).
    func scan(_ value: JSONValue, _ place: SchemaPlace, metaSchemaDialect: (String, Dialect) -> Dialect) {
        var pending: [(JSONValue, SchemaPlace)] = [(value, place)]
        while let (value, place) = pending.popLast() {
            guard let inside = record(value, place, metaSchemaDialect: metaSchemaDialect),
                  case .object(let object) = value.kind else { continue }
            for member in object {
                let key = member.key
                if SchemaKeywords.single.contains(key), member.value.objectValue != nil {
                    pending.append((member.value, inside.child(key)))
                } else if SchemaKeywords.list.contains(key), let items = member.value.arrayValue {
                    for (index, item) in items.enumerated() where item.objectValue != nil {
                        pending.append((item, inside.child(key, String(index))))
                    }
                } else if SchemaKeywords.map.contains(key), let map = member.value.objectValue {
                    for entry in map where entry.value.objectValue != nil {
                        pending.append((entry.value, inside.child(key, entry.key)))
                    }
                }
            }
        }
    }

    /// Whether `scan` could record anything below `value` besides its root: some schema object it would
    /// visit has a string `$id`, `id`, `$anchor`, `$dynamicAnchor` or `$schema`. Builds no places, so a large
    /// document without any (most OpenAPI documents) is checked far faster than scanned.
    static func mayDeclareResources(_ value: JSONValue) -> Bool {
        var pending: [JSONValue] = [value]
        while let value = pending.popLast() {
            guard case .object(let object) = value.kind else { continue }
            for member in object.members {
                // One switch on the key (no hashing): the keys `scan` reads, then those it descends through.
                switch member.key {
                case "$id", "id", "$anchor", "$dynamicAnchor", "$schema":
                    if case .string = member.value.kind { return true }
                case "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else",
                     "unevaluatedItems", "unevaluatedProperties", "contentSchema":
                    if case .object = member.value.kind { pending.append(member.value) }
                case "items", "allOf", "anyOf", "oneOf", "prefixItems":
                    switch member.value.kind {
                    case .object: pending.append(member.value)
                    case .array(let items): pending.append(contentsOf: items)
                    default: break
                    }
                case "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies":
                    if case .object(let map) = member.value.kind {
                        for entry in map.members { pending.append(entry.value) }
                    }
                default:
                    break
                }
            }
        }
        return false
    }

    /// Records the resource and anchors one schema object declares; returns the place inside it, or nil
    /// when its subschemas are not to be scanned (a draft-04 / OpenAPI 3.0 `$ref` hides its siblings).
    private func record(_ value: JSONValue, _ place: SchemaPlace, metaSchemaDialect: (String, Dialect) -> Dialect) -> SchemaPlace? {
        guard case .object(let object) = value.kind else { return nil }
        let inside = enter(value, place, metaSchemaDialect: metaSchemaDialect)
        if inside.isResourceRoot && resources[inside.resourceURI] == nil {
            resources[inside.resourceURI] = place
        }
        if let idKeyword = place.dialect.idKeyword, place.dialect.idFragmentsAreAnchors,
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
        if inside.dialect.refOverridesSiblings && object["$ref"] != nil { return nil }
        return inside
    }
}
