#pragma once

#include <Qt>

namespace Layerscope {

/**
 * Roles that every model of the explorer answers where they apply, so that views, delegates
 * and the copy actions treat all models alike without knowing their classes. Each model's own
 * roles start at Qt::UserRole; these sit above them.
 */
enum CommonRole {
    /// QString: the full digest the row stands for ("sha256:…"); empty when it has none.
    DigestRole = Qt::UserRole + 0x100,
    /// QString: the canonical reference that pulls exactly this row's content
    /// ("registry/repository@sha256:…"); empty when there is none (a layer, an error row).
    ReferenceRole,
    /// QString: why the row could not be loaded, for people; empty when it could.
    ErrorRole,
    /// QString: a tag or repository name the row names, for "Copy name".
    NameRole,
};

} // namespace Layerscope
