/// What a schema evaluated at one instance location, for `unevaluatedProperties` and `unevaluatedItems`.
///
/// Only filled when the compiled graph uses unevaluated keywords; otherwise it stays empty and costs nothing.
struct Annotations {
    var allProperties = false
    var properties: Set<String> = []
    var allItems = false
    var itemPrefix = 0
    var itemIndices: Set<Int> = []

    mutating func merge(_ other: Annotations) {
        if other.allProperties { allProperties = true }
        if !other.properties.isEmpty { properties.formUnion(other.properties) }
        if other.allItems { allItems = true }
        if other.itemPrefix > itemPrefix { itemPrefix = other.itemPrefix }
        if !other.itemIndices.isEmpty { itemIndices.formUnion(other.itemIndices) }
    }

    func isPropertyEvaluated(_ name: String) -> Bool {
        allProperties || properties.contains(name)
    }

    func isItemEvaluated(_ index: Int) -> Bool {
        allItems || index < itemPrefix || itemIndices.contains(index)
    }
}
