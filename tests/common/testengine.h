// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine.h"
#include "providers/providercatalog.h"
#include "settings.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

/** An engine as the app builds it, with settings in a temporary directory. */
struct TestEngine
{
    explicit TestEngine(const QProcessEnvironment &environment)
        : settings(dir.filePath(QStringLiteral("settings.ini")))
    {
        catalog = ProviderCatalog::load({}, environment);
        engine = std::make_unique<Engine>(catalog, settings);
    }

    /** Every chat goes to baseUrl through the openai entry, as ATTACHE_OPENAI_BASE_URL does. */
    static QProcessEnvironment pointingAt(const QUrl &baseUrl)
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), baseUrl.toString());
        return environment;
    }

    QTemporaryDir dir;
    Settings settings;
    ProviderCatalog catalog;
    std::unique_ptr<Engine> engine;
};

inline QJsonObject eventJson(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}
