#pragma once

#include "values/parseerror.h"

#include <QtGlobal>

#include <utility>
#include <variant>

namespace Layerscope {

/**
 * The outcome of a parse or validation: either a value or the ParseError that explains why
 * there is none. Parsers in core never throw; they return a Result.
 *
 * \code
 * const auto digest = Digest::parse(text);
 * if (!digest)
 *     return digest.error();
 * use(*digest);
 * \endcode
 */
template<typename T> class [[nodiscard]] Result
{
public:
    Result(const T &value)
        : m_data(std::in_place_index<0>, value)
    { }
    Result(T &&value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    Result(const ParseError &error)
        : m_data(std::in_place_index<1>, error)
    { }
    Result(ParseError &&error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    /// True when the Result holds a value.
    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    /// The value; only valid when ok().
    const T &value() const &
    {
        Q_ASSERT(ok());
        return std::get<0>(m_data);
    }
    T &value() &
    {
        Q_ASSERT(ok());
        return std::get<0>(m_data);
    }
    T &&value() &&
    {
        Q_ASSERT(ok());
        return std::get<0>(std::move(m_data));
    }
    const T &operator*() const & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    const T *operator->() const { return &value(); }

    /// The value, or \a fallback when there is none.
    T valueOr(T fallback) const { return ok() ? std::get<0>(m_data) : std::move(fallback); }

    /// Why there is no value; only valid when !ok().
    const ParseError &error() const
    {
        Q_ASSERT(!ok());
        return std::get<1>(m_data);
    }

private:
    std::variant<T, ParseError> m_data;
};

} // namespace Layerscope
