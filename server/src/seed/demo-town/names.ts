// Names and numbering: Chinese word lists for streets and officers, Chinese numerals, padded code parts.
import { seededRandom, type Random } from '../../lib/seeded-random';
import type { StreetKind } from './types';

const words = (...lines: string[]) => lines.join(' ').split(' ');

/** Grand names for main roads, everyday ones for streets, homely ones for lanes; no word twice. */
const STREET_WORDS: Record<StreetKind, readonly string[]> = {
  main: words('人民 解放 新华 建设 中山 胜利 长安 团结 迎宾 振兴'),
  street: words(
    '文化 光明 友谊 青年 幸福 民主 育才 朝阳 建国 东风 红旗 工农 前进 繁荣 富强 兴业 永安 康乐',
    '园林 学府 丰收 五一 滨河 锦绣 通达 健康 民族 新民 利民 北新 南关 西顺 东升 新兴 育英 跃进',
  ),
  lane: words(
    '和平 太平 平安 槐树 柳荫 杏花 榆林 石板 井泉 桃园 枣林 梨花',
    '豆腐 染坊 粮店 钟楼 鼓楼 书院 花园 小井 仓门 灯笼 铁匠 油坊',
  ),
};
const STREET_SUFFIX: Record<StreetKind, string> = { main: '路', street: '街', lane: '巷' };

/** Unique names: each kind draws its own shuffled words; past the end a round adds 二, 三 …. */
export function nameStreets(streets: readonly { kind: StreetKind }[], seed: number): string[] {
  const rng = seededRandom(seed, 'street-names');
  const pools = {
    main: rng.shuffle(STREET_WORDS.main),
    street: rng.shuffle(STREET_WORDS.street),
    lane: rng.shuffle(STREET_WORDS.lane),
  };
  const taken: Record<StreetKind, number> = { main: 0, street: 0, lane: 0 };
  return streets.map(({ kind }) => {
    const [pool, n] = [pools[kind], taken[kind]++];
    const round = Math.floor(n / pool.length);
    return `${pool[n % pool.length] ?? ''}${round > 0 ? chineseNumber(round + 1) : ''}${STREET_SUFFIX[kind]}`;
  });
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧'.split('');
const GIVEN_NAMES = words(
  '伟 芳 敏 静 强 磊 军 洋 勇 艳 杰 涛 明 超 刚 平 建国 志强 海燕 晓东 丽华 建军',
  '红梅 文斌 国庆 春生 秀兰 玉珍 振华 立新 永刚 桂英 宏伟 俊杰 雪梅 晓峰 世民 德胜 慧敏 亚楠',
);

/** A surname and a given name, drawn in that order. */
export const personName = (rng: Random): string => rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);

export const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** 1 → 一, 12 → 十二, 40 → 四十; Arabic digits from 100 on. */
export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const [tens, ones] = [Math.floor(n / 10), n % 10];
  return (
    (tens > 1 ? digits.charAt(tens) : '') + (tens > 0 ? '十' : '') + (ones > 0 ? digits.charAt(ones) : '')
  );
}
