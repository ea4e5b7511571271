#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

namespace Layerscope {

/**
 * Why a value could not be parsed or validated.
 *
 * The code lets callers and tests tell failures apart; the message is what a person reads:
 * it names the document or field that is wrong ("OCI image manifest: layers[2].size: …") and
 * what was expected.
 */
class ParseError
{
    Q_GADGET
public:
    enum class Code {
        // Documents (JSON manifests, configs, error bodies)
        TooLarge, ///< over the size cap for its kind
        InvalidJson, ///< not well-formed JSON (truncated, garbage, bad number, …)
        InvalidUtf8, ///< bytes that are not UTF-8
        TooDeep, ///< nesting deeper than any real document
        WrongType, ///< a field holds the wrong JSON type
        MissingField, ///< a required field is absent
        InvalidValue, ///< a field is present but its value is not acceptable
        UnsupportedVersion, ///< schemaVersion this client does not understand
        UnknownMediaType, ///< a document whose type cannot be determined
        MediaTypeMismatch, ///< the declared or served type disagrees with the content
        // Digests
        DigestInvalidFormat, ///< not "algorithm:encoded"
        DigestUnsupported, ///< well-formed, but an algorithm that cannot be verified
        DigestInvalidLength, ///< wrong number of hex characters for the algorithm
        // Image references
        ReferenceInvalidFormat,
        NameEmpty,
        NameTooLong,
        NameContainsUppercase,
        NameNotCanonical,
        // HTTP headers
        HeaderSyntax,
    };
    Q_ENUM(Code)

    ParseError() = default;
    ParseError(Code code, QString message)
        : m_code(code)
        , m_message(std::move(message))
    { }

    Code code() const { return m_code; }
    /// One line a person can act on.
    const QString &message() const { return m_message; }

    /// The same error with \a context ("OCI image manifest") put in front of the message.
    ParseError withContext(const QString &context) const;

    /// The name of \a code as written in this header ("DigestInvalidLength"), for tests and logs.
    static QString codeName(Code code);

private:
    Code m_code = Code::InvalidValue;
    QString m_message;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::ParseError)
