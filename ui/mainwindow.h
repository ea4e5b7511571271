#pragma once

#include <QMainWindow>

class QLabel;

namespace Layerscope {

/**
 * The Layerscope main window: menus, the central area where registries, repositories, tags
 * and images will be explored, and a status bar.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

private:
    void createActions();
    void showAbout();
};

} // namespace Layerscope
