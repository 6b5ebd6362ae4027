import { t } from "~/i18n";

/** The three ways in: the code to type, the link to open, the QR code to scan. */
export function JoinPanel({ joinCode, link, qrSvg }: { joinCode: string; link: string; qrSvg: string }) {
  return (
    <div className="join-panel">
      <div>
        <p style={{ margin: 0 }}>{t("session.join.code")}</p>
        <p className="join-code" data-testid="join-code" aria-label={[...joinCode].join(" ")}>
          {joinCode}
        </p>
        <p>
          {t("session.join.link")} : <a href={link}>{link}</a>
        </p>
      </div>
      {/* The SVG is generated on our server from our own link, never from user input. */}
      <div className="qr" role="img" aria-label={t("session.join.qr")} dangerouslySetInnerHTML={{ __html: qrSvg }} />
    </div>
  );
}
