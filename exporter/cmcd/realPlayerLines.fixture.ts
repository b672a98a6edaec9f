/**
 * Lines captured from real players (npm dash.js 5.2.1 and Shaka Player 5.2.12 in headless Chromium,
 * playing an ffmpeg-made DASH stream from Debian's nginx, 2026-12-01), for the unit tests: nginx
 * access-log lines in the launchday_cmcd format and the bodies the players POSTed to their event target.
 * The only change is the sid, which was the test's own.
 */
export const DASHJS = {
  /** Query mode, CMCD v2: URLSearchParams writes the space of `dash live` as `+`. */
  queryV2Log:
    '1796116952.702 200 GET "127.0.0.1" "/dash/seg-0-011.m4s" "ab%3D%28167%3Bv+64%3Ba%29%2Cbl%3D%281600%3Bv%29%2Cbr%3D%28166%3Bv%29%2Ccid%3D%22dash+live%22%2Cd%3D1000%2Cdl%3D1600%2Clab%3D%28167%3Bv+64%3Ba%29%2Cmtp%3D%2825000%3Bv%29%2Cnor%3D%28%22seg-0-012.m4s%22%29%2Cot%3Dv%2Cpb%3D%28167%3Bv%29%2Crtp%3D600%2Csf%3Dd%2Csid%3D%22dash-query-v2%22%2Csn%3D25%2Cst%3Dv%2Csta%3Dp%2Ctab%3D%28167%3Bv+64%3Ba%29%2Ctb%3D%28167%3Bv%29%2Ctpb%3D%28166.934%3Bv%29%2Cv%3D2" "-" "-" "-" "-"',
  /** Query mode, CMCD v1: a manifest request carries a sid and no state. */
  queryV1Manifest:
    '1796116942.750 200 GET "127.0.0.1" "/dash/manifest.mpd" "cid%3D%22dash+live%22%2Cot%3Dm%2Csid%3D%22dash-query-v1%22" "-" "-" "-" "-"',
  /** Header mode (`mode: 'headers'`), CMCD v2: a segment answered 504, the state in CMCD-Request. */
  headerV2Log504:
    '1796116956.311 504 GET "127.0.0.1" "/dash/seg-0-012.m4s" "-" "bl=(1700;v),dl=1700,mtp=(35400;v),nor=(\\x22seg-0-013.m4s\\x22),pb=(167;v),sn=27,sta=p" "ab=(167;v 64;a),br=(166;v),d=1000,lab=(167;v 64;a),ot=v,tab=(167;v 64;a),tb=(167;v),tpb=(166.934;v)" "rtp=500" "cid=\\x22dash live\\x22,sf=d,sid=\\x22dash-header-v2\\x22,st=v,v=2"',
  /** The same player's segment requests in query mode while it also posts event reports. */
  eventV2PlayingLog:
    '1796117134.913 200 GET "127.0.0.1" "/dash/seg-0-010.m4s" "ab%3D%28167%3Bv+64%3Ba%29%2Cbl%3D%281900%3Bv%29%2Cbr%3D%28166%3Bv%29%2Ccid%3D%22dash+live%22%2Cd%3D1000%2Cdl%3D1900%2Clab%3D%28167%3Bv+64%3Ba%29%2Cmtp%3D%285800%3Bv%29%2Cnor%3D%28%22seg-0-011.m4s%22%29%2Cot%3Dv%2Cpb%3D%28167%3Bv%29%2Crtp%3D500%2Csf%3Dd%2Csid%3D%22dash-event-v2%22%2Csn%3D22%2Cst%3Dv%2Csta%3Dp%2Ctab%3D%28167%3Bv+64%3Ba%29%2Ctb%3D%28167%3Bv%29%2Ctpb%3D%28166.934%3Bv%29%2Cv%3D2" "-" "-" "-" "-"',
  /** Event reports, v2, with `enabledKeys` set on the target. */
  pausedReport: 'cid="dash live",e=ps,sid="dash-event-v2",sn=37,sta=a,ts=1796117135767,v=2',
  rebufferingReport: 'cid="dash live",e=ps,sid="dash-event-v2",sn=5,sta=r,ts=1796117127582,v=2',
  intervalReport: 'cid="dash live",e=t,sid="dash-event-v2",sn=15,sta=p,ts=1796117128061,v=2',
  response504Report:
    'cid="dash live",e=rr,ot=v,rc=504,sid="dash-event-v2",sn=47,sta=p,ts=1796117141944,url="http://127.0.0.1:42719/dash/seg-0-012.m4s",v=2',
  /** The default target (no `enabledKeys`): neither sid nor cid. */
  defaultTargetReport: 'e=t,ts=1796116948749,v=2',
};

export const SHAKA = {
  /** Query mode, CMCD v1, a segment answered 504 (the release build never sends `sta`). */
  queryV1Log504:
    '1796116997.504 504 GET "127.0.0.1" "/dash/seg-0-012.m4s" "bl%3D2600%2Cbr%3D167%2Ccid%3D%22dash+live%22%2Cd%3D1000%2Cdl%3D2600%2Cnor%3D%22seg-0-013.m4s%22%2Cot%3Dv%2Crtp%3D300%2Csf%3Dd%2Csid%3D%22shaka-query-v1%22%2Cst%3Dv%2Ctb%3D167" "-" "-" "-" "-"',
  /** Release build, event target v2: a response report without `sta`. */
  releaseResponseReport:
    'br=(231),cid="dash live",e=rr,rc=200,sf=d,sid="shaka-event-v2",sn=4,st=v,ts=1796116995737,ttfb=16,ttlb=59,url="http://127.0.0.1:43737/dash/seg-0-001.m4s",v=2',
  /** Debug build: `sta=f` on the 504, then the same sid keeps reporting. */
  debugFatalReport: 'br=(231),cid="dash live",e=ps,sf=d,sid="shaka-event-v1",st=v,sta=f,ts=1796117054885,v=2',
  debugAfterFatalReport: 'br=(231),cid="dash live",e=t,sf=d,sid="shaka-event-v1",st=v,ts=1796117062878,v=2',
};
