import QRCode from 'qrcode';
import { hostHooks } from './host-hooks';
import { sdk } from './platform';

/**
 * The picture for a scene: on CloudBase the mini-program code from
 * `wxacode.getUnlimited` (opens pages/scan/index with the scene); on the local host a
 * QR code of the H5 intake URL, so a phone camera can try the same path.
 */
export const qrImageFor = async (scene: string): Promise<{ image: string; url: string | null }> => {
  const hooks = hostHooks();
  if (hooks) {
    const url = `${hooks.publicUrl()}/#/pages/scan/index?scene=${encodeURIComponent(scene)}`;
    return { image: await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 360 }), url };
  }
  const res = (await sdk().openapi.wxacode.getUnlimited({ scene, page: 'pages/scan/index', checkPath: false, width: 430 })) as unknown as {
    buffer: Buffer;
  };
  return { image: `data:image/png;base64,${Buffer.from(res.buffer).toString('base64')}`, url: null };
};
