import { mountPage } from '../components/mount';
import { SignedIn } from '../components/SignIn';
import { Ward } from './Ward';

mountPage('ward.title', 'ward', <SignedIn><Ward /></SignedIn>);
