#include "navigationhistory.h"

namespace Layerscope {

void NavigationHistory::visit(const Place &place)
{
    if (place.isNull() || (m_current >= 0 && m_places.at(m_current) == place))
        return;
    m_places.resize(m_current + 1);
    m_places.append(place);
    if (m_places.size() > Capacity)
        m_places.removeFirst();
    m_current = m_places.size() - 1;
}

void NavigationHistory::replaceCurrent(const Place &place)
{
    if (m_current < 0)
        return visit(place);
    if (!place.isNull())
        m_places[m_current] = place;
}

Place NavigationHistory::back()
{
    if (!canGoBack())
        return {};
    return m_places.at(--m_current);
}

Place NavigationHistory::forward()
{
    if (!canGoForward())
        return {};
    return m_places.at(++m_current);
}

Place NavigationHistory::current() const
{
    return m_current >= 0 ? m_places.at(m_current) : Place();
}

} // namespace Layerscope
