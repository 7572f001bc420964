/**
 * Korean descriptions by OpenWeatherMap condition code (openweathermap.org/weather-conditions).
 * Codes are stable across languages, unlike OWM's description text.
 */
const BY_CODE: Record<number, string> = {
  200: '약한 비를 동반한 천둥번개',
  201: '비를 동반한 천둥번개',
  202: '폭우를 동반한 천둥번개',
  210: '약한 천둥번개',
  211: '천둥번개',
  212: '강한 천둥번개',
  221: '불규칙한 천둥번개',
  230: '약한 이슬비를 동반한 천둥번개',
  231: '이슬비를 동반한 천둥번개',
  232: '강한 이슬비를 동반한 천둥번개',
  300: '약한 이슬비',
  301: '이슬비',
  302: '강한 이슬비',
  310: '약한 이슬비와 비',
  311: '이슬비와 비',
  312: '강한 이슬비와 비',
  313: '소나기와 이슬비',
  314: '강한 소나기와 이슬비',
  321: '이슬비 소나기',
  500: '가벼운 비',
  501: '비',
  502: '강한 비',
  503: '매우 강한 비',
  504: '폭우',
  511: '어는 비',
  520: '약한 소나기',
  521: '소나기',
  522: '강한 소나기',
  531: '불규칙한 소나기',
  600: '가벼운 눈',
  601: '눈',
  602: '폭설',
  611: '진눈깨비',
  612: '약한 진눈깨비',
  613: '진눈깨비 소나기',
  615: '약한 비와 눈',
  616: '비와 눈',
  620: '약한 눈 소나기',
  621: '눈 소나기',
  622: '강한 눈 소나기',
  701: '박무',
  711: '연기',
  721: '연무',
  731: '모래 먼지',
  741: '안개',
  751: '모래',
  761: '먼지',
  762: '화산재',
  771: '돌풍',
  781: '토네이도',
  800: '맑음',
  801: '구름 조금',
  802: '구름 낌',
  803: '구름 많음',
  804: '흐림',
};

const BY_GROUP: Record<number, string> = {
  2: '천둥번개',
  3: '이슬비',
  5: '비',
  6: '눈',
  7: '안개',
  8: '구름',
};

/** Korean text for a condition code; the provider's own text when the code is unknown. */
export function koreanDescription(code: number | undefined, providerText: string | undefined): string {
  if (code !== undefined) {
    const exact = BY_CODE[code];
    if (exact) return exact;
    const group = BY_GROUP[Math.floor(code / 100)];
    if (group) return group;
  }
  return providerText?.trim() || '알 수 없음';
}

const AQI_LABELS: Record<number, string> = { 1: '좋음', 2: '보통', 3: '나쁨', 4: '매우 나쁨', 5: '위험' };

/** OWM's 1–5 air quality index in the app's Korean labels. */
export function aqiLabel(aqi: number | null): string | null {
  return aqi === null ? null : (AQI_LABELS[aqi] ?? null);
}
