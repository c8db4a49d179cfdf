// hello-service's call to translation-service: GET /greetings/:lang.
import type { AxiosInstance } from 'axios';
import { upstreamError } from '../../lib/http-client';

export async function translate(translations: AxiosInstance, lang: string): Promise<string> {
  try {
    const { data } = await translations.get<{ greeting: string }>(`/greetings/${lang}`, { operation: 'GET /greetings/:lang' });
    return data.greeting;
  } catch (err) {
    throw upstreamError(err, 'translation-service');
  }
}
