import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { orientedJpeg, photoLikeJpeg, redQuadrants } from '#worker/services/media/fixtures/build-images';

/**
 * Runs in Node beside workerd and does what workerd cannot: encode test photos and decode what the
 * Worker produced. `GET /photo.jpg` is a 4000×3000 photo-like JPEG (made on first request);
 * `GET /oriented/<1-8>.jpg` a JPEG with that EXIF orientation, its `X-Upright-Quadrants` header the
 * red quadrant as a photo viewer shows it; `POST /quadrants` decodes the body and answers where its
 * red quadrant is (`tl tr bl br` flags, see redQuadrants).
 */
export async function startImageLab() {
  let photo: Promise<Uint8Array> | undefined;
  const server = createServer(async (req, res) => {
    try {
      const oriented = /^\/oriented\/([1-8])\.jpg$/.exec(req.url ?? '');
      if (req.method === 'GET' && req.url === '/photo.jpg') {
        photo ??= photoLikeJpeg(4000, 3000);
        res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(await photo);
      } else if (req.method === 'GET' && oriented) {
        const camera = await orientedJpeg(Number(oriented[1]), 640, 400);
        const { default: sharp } = await import('sharp');
        const upright = await redQuadrants(new Uint8Array(await sharp(camera).rotate().png().toBuffer()));
        res.writeHead(200, { 'Content-Type': 'image/jpeg', 'X-Upright-Quadrants': upright }).end(camera);
      } else if (req.method === 'POST' && req.url === '/quadrants') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(await redQuadrants(Buffer.concat(chunks)));
      } else {
        res.writeHead(404).end();
      }
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
