// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

/** One setting: its key and default, declared once. */
template<typename T> struct SettingKey
{
    const char *key;
    T defaultValue;
};

/** Typed access to the user's settings (an INI file in the config directory). */
class Settings
{
public:
    /** Settings stored in the INI file at filePath. */
    explicit Settings(const QString &filePath);
    ~Settings();
    Settings(const Settings &) = delete;
    Settings &operator=(const Settings &) = delete;

    static inline const SettingKey<QString> Provider { "chat/provider", {} };
    static inline const SettingKey<int> Port { "server/port", 8765 };
    static inline const SettingKey<int> FirstByteTimeoutMs { "network/firstByteTimeoutMs", 120000 };
    static inline const SettingKey<int> StallTimeoutMs { "network/stallTimeoutMs", 60000 };
    static inline const SettingKey<int> ModelsTimeoutMs { "network/modelsTimeoutMs", 5000 };
    static inline const SettingKey<int> RetryBaseMs { "network/retryBaseMs", 1000 };
    static inline const SettingKey<bool> AutoInject { "context/autoInject", false };

    // The local server (read at start; a changed port applies on the next start)
    /** Origins allowed besides none at all; "*" matches any run of characters within a part. */
    static inline const SettingKey<QStringList> AllowedOrigins {
        "server/allowedOrigins", { QStringLiteral("vscode-webview://*") }
    };
    static inline const SettingKey<int> MaxConnections { "server/maxConnections", 4096 };
    static inline const SettingKey<int> MaxBodyBytes { "server/maxBodyBytes", 8 * 1024 * 1024 };
    static inline const SettingKey<int> HeaderTimeoutMs { "server/headerTimeoutMs", 10000 };
    static inline const SettingKey<int> IdleTimeoutMs { "server/idleTimeoutMs", 15000 };

    // The desktop app
    static inline const SettingKey<bool> CloseToTray { "ui/closeToTray", true };
    /** A locale name ("de", "fr", "en"); empty follows the system. */
    static inline const SettingKey<QString> Language { "ui/language", {} };
    /** "system", "light" or "dark". */
    static inline const SettingKey<QString> Theme { "ui/theme", QStringLiteral("system") };
    static inline const SettingKey<QByteArray> WindowGeometry { "ui/geometry", {} };
    static inline const SettingKey<QByteArray> WindowState { "ui/windowState", {} };

    template<typename T> T value(const SettingKey<T> &key) const
    {
        return m_settings.value(QLatin1String(key.key), QVariant::fromValue(key.defaultValue))
            .template value<T>();
    }
    template<typename T> void setValue(const SettingKey<T> &key, const T &value)
    {
        m_settings.setValue(QLatin1String(key.key), QVariant::fromValue(value));
    }

    /** The model chosen for a provider; empty means the provider's default. */
    QString model(const QString &providerId) const;
    void setModel(const QString &providerId, const QString &model);

    /** The base URL set for a provider in the window ("baseUrls/<id>"); empty when none. */
    QString baseUrl(const QString &providerId) const;
    void setBaseUrl(const QString &providerId, const QString &url);

    /** The providers whose key Attache put in the system's secret store (ids, not keys). */
    static inline const SettingKey<QStringList> KeysInSecretStore { "secretStore/providers", {} };

    /** A key the user chose to keep in this file ("keys/<id>"), when the secret store could not
     * be used; empty when there is none. */
    QString plainKey(const QString &providerId) const;
    /** Writes the key and syncs, the file made readable by its owner only (0600, its folder
     * 0700) first. False when the file cannot be written. */
    bool setPlainKey(const QString &providerId, const QString &key);
    /** Removes the key from the file; false when the file cannot be written. */
    bool removePlainKey(const QString &providerId);

    /** A string under a key built at run time (per tool, per provider). */
    QString string(const QString &key) const { return m_settings.value(key).toString(); }
    void setString(const QString &key, const QString &value) { m_settings.setValue(key, value); }

    QString fileName() const { return m_settings.fileName(); }
    /** Writes pending changes; false when the file cannot be written (read-only, full disk). */
    bool sync();

private:
    /** Clears a lock a killed process left before QSettings writes (see settings.cpp). */
    class LockSweeper : public QObject
    {
    public:
        bool eventFilter(QObject *watched, QEvent *event) override;
    };

    LockSweeper m_lockSweeper;
    QSettings m_settings;
};
