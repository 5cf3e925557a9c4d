/// IDNA2008 label rules (RFC 5891 §4.2, RFC 5892 derived properties and contextual rules,
/// RFC 5893 Bidi rule), computed from the standard library's Unicode properties.
///
/// Approximations: the PVALID derivation uses Swift's Unicode tables (which may be a newer
/// Unicode version than IDNA's), scripts and Bidi classes come from code point ranges, and
/// the CONTEXTJ joining-type rule for ZWNJ treats Arabic-block letters as dual-joining.
enum IDNA {
    /// Checks labels already in Unicode form (decoded A-labels or U-labels).
    static func isValidDomain(_ labels: [[Unicode.Scalar]]) -> Bool {
        for label in labels where !label.allSatisfy({ $0.isASCII }) {
            guard isValidULabel(label) else { return false }
        }
        for label in labels where label.count >= 4 && label[2] == "-" && label[3] == "-" && !label.allSatisfy({ $0.isASCII }) {
            return false
        }
        // No ASCII scalar is R, AL or AN, so only non-ASCII scalars need their bidi class looked up.
        let isBidiDomain = labels.contains { $0.contains { !$0.isASCII && [.rightToLeft, .arabicLetter, .arabicNumber].contains(bidiClass($0)) } }
        return !isBidiDomain || labels.allSatisfy(satisfiesBidiRule)
    }

    private static func isValidULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, label.first != "-", label.last != "-" else { return false }
        if [.spacingMark, .nonspacingMark, .enclosingMark].contains(first.properties.generalCategory) { return false }
        for (position, scalar) in label.enumerated() where !scalar.isASCII {
            switch scalar.value {
            case 0x200C, 0x200D, 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9:
                guard contextRuleHolds(scalar, at: position, in: label) else { return false }
            default:
                guard isPVALID(scalar) else { return false }
            }
        }
        return true
    }

    private static func isPVALID(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return true
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return false
        case 0x20D0...0x20FF, 0x1D100...0x1D24F, 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: return false
        default: break
        }
        let properties = scalar.properties
        if properties.changesWhenNFKCCaseFolded || properties.isDefaultIgnorableCodePoint
            || properties.isWhitespace || properties.isNoncharacterCodePoint { return false }
        switch properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter,
             .nonspacingMark, .spacingMark: return true
        default: return false
        }
    }

    private static func contextRuleHolds(_ scalar: Unicode.Scalar, at position: Int, in label: [Unicode.Scalar]) -> Bool {
        let before = position > 0 ? label[position - 1] : nil
        let after = position + 1 < label.count ? label[position + 1] : nil
        switch scalar.value {
        case 0x200D:
            return before?.properties.canonicalCombiningClass.rawValue == 9
        case 0x200C:
            if before?.properties.canonicalCombiningClass.rawValue == 9 { return true }
            let left = label[..<position].last { $0.properties.generalCategory != .nonspacingMark }
            let right = label[(position + 1)...].first { $0.properties.generalCategory != .nonspacingMark }
            return left.map(isJoiningLetter) == true && right.map(isJoiningLetter) == true
        case 0x00B7:
            return before == "l" && after == "l"
        case 0x0375:
            return after.map(isGreek) == true
        case 0x05F3, 0x05F4:
            return before.map { (0x0590...0x05FF).contains($0.value) } == true
        case 0x30FB:
            return label.contains { $0.value != 0x30FB && isHiraganaKatakanaOrHan($0) }
        case 0x0660...0x0669:
            return !label.contains { (0x06F0...0x06F9).contains($0.value) }
        case 0x06F0...0x06F9:
            return !label.contains { (0x0660...0x0669).contains($0.value) }
        default:
            return false
        }
    }

    private static func isJoiningLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0620...0x064A, 0x066E...0x06D3, 0x06FA...0x06FF, 0x0710...0x074F, 0x0750...0x077F, 0x07CA...0x07EA,
             0x0860...0x086A, 0x08A0...0x08C9: return true
        default: return false
        }
    }

    private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
        (0x0370...0x03FF).contains(scalar.value) || (0x1F00...0x1FFF).contains(scalar.value)
    }

    private static func isHiraganaKatakanaOrHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F, 0x3005...0x3007, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }

    enum BidiClass { case leftToRight, rightToLeft, arabicLetter, arabicNumber, europeanNumber, nonspacingMark, other }

    static func bidiClass(_ scalar: Unicode.Scalar) -> BidiClass {
        let value = scalar.value
        switch value {
        case 0x30...0x39, 0x06F0...0x06F9: return .europeanNumber
        case 0x0660...0x0669, 0x066B, 0x066C, 0x0600...0x0605, 0x06DD, 0x08E2: return .arabicNumber
        default: break
        }
        let category = scalar.properties.generalCategory
        if category == .nonspacingMark || category == .enclosingMark { return .nonspacingMark }
        switch value {
        case 0x0590...0x05FF, 0x07C0...0x085F, 0xFB1D...0xFB4F, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return .rightToLeft
        case 0x0600...0x07BF, 0x0860...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabicLetter
        default: break
        }
        switch category {
        case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter, .spacingMark,
             .decimalNumber, .letterNumber: return .leftToRight
        default: return .other
        }
    }

    /// RFC 5893 §2 rules 1–6 for one label of a domain that contains right-to-left text.
    private static func satisfiesBidiRule(_ label: [Unicode.Scalar]) -> Bool {
        let classes = label.map(bidiClass)
        guard let first = classes.first else { return false }
        let lastStrong = classes.last { $0 != .nonspacingMark }
        switch first {
        case .rightToLeft, .arabicLetter:
            guard !classes.contains(.leftToRight) else { return false }
            guard let lastStrong, [.rightToLeft, .arabicLetter, .europeanNumber, .arabicNumber].contains(lastStrong) else { return false }
            return !(classes.contains(.europeanNumber) && classes.contains(.arabicNumber))
        case .leftToRight:
            guard !classes.contains(where: { [.rightToLeft, .arabicLetter, .arabicNumber].contains($0) }) else { return false }
            return lastStrong == .leftToRight || lastStrong == .europeanNumber
        default:
            return false
        }
    }
}
