#pragma once

#include "place.h"

#include <QList>

namespace Layerscope {

/**
 * Back and forward between places, as a browser does: visiting a place drops whatever was
 * ahead of the current one. Selecting another tag of the same repository replaces the current
 * entry instead of adding one (see replaceCurrent()), so Back leaves the repository rather than
 * stepping through every tag the arrow keys passed.
 */
class NavigationHistory
{
public:
    /// At most this many places are kept; the oldest go first.
    static constexpr int Capacity = 100;

    /// Makes \a place the current one, after the current one. Visiting the current place again
    /// changes nothing.
    void visit(const Place &place);
    /// Changes the current place without adding an entry (visits it when there is none).
    void replaceCurrent(const Place &place);

    bool canGoBack() const { return m_current > 0; }
    bool canGoForward() const { return m_current + 1 < m_places.size(); }
    /// Moves back and returns the place there; a null place when there is none.
    Place back();
    /// Moves forward and returns the place there; a null place when there is none.
    Place forward();

    /// The current place; a null place before the first visit.
    Place current() const;
    const QList<Place> &places() const { return m_places; }
    int currentIndex() const { return int(m_current); }

private:
    QList<Place> m_places;
    qsizetype m_current = -1;
};

} // namespace Layerscope
