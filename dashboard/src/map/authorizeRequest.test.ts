import { describe, expect, it } from 'vitest';
import { authorizeRequest } from './authorizeRequest';

const origin = 'https://centre.example.gov';

describe('authorizeRequest', () => {
  it('adds the bearer token to our own /api/ URLs, relative or absolute', () => {
    for (const url of ['/api/map/streets', `${origin}/api/map/style.json`]) {
      expect(authorizeRequest(url, 'secret', origin)).toEqual({
        url,
        headers: { Authorization: 'Bearer secret' },
      });
    }
  });

  it('never sends the token to another origin or outside /api/', () => {
    expect(authorizeRequest('https://tiles.example.com/api/x.pbf', 'secret', origin)).toBeUndefined();
    expect(authorizeRequest(`${origin}/assets/sprite.png`, 'secret', origin)).toBeUndefined();
    expect(authorizeRequest(`${origin}/apix/style.json`, 'secret', origin)).toBeUndefined();
  });

  it('leaves requests alone when nobody is signed in', () => {
    expect(authorizeRequest('/api/map/streets', null, origin)).toBeUndefined();
  });
});
